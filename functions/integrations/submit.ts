import { ChannelSubmissionView } from '../../shared/api/integrations.ts';
import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { submitThroughChannel } from '../../shared/services/channel-submissions.ts';
import { integrationSubmit as spec } from './submit.manifest.ts';

export const handler = httpHandler(spec, async ({ body, integrator }) => {
  const { receipt, replayed } = await submitThroughChannel(body, integrator, now());
  return {
    status: 201,
    body: ChannelSubmissionView.parse(receipt),
    headers: {
      location: `/integrations/v1/dossiers/${receipt.code}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    },
  };
});
