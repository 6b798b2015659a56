import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { idempotencyKey } from '../../shared/http/preconditions.ts';
import { reportExternalStep } from '../../shared/services/integrations.ts';
import { integrationStep as spec } from './step.manifest.ts';

export const handler = httpHandler(spec, async ({ params, body, headers, integrator }) => {
  const key = idempotencyKey(headers['idempotency-key']);
  const { answer, replayed } = await reportExternalStep(params.code, body, integrator, key, now());
  return { body: answer, ...(replayed ? { headers: { 'idempotent-replayed': 'true' } } : {}) };
});
