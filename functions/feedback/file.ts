import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { feedbackFileLink } from '../../shared/services/downloads.ts';
import { downloadFeedbackFile as spec } from './file.manifest.ts';

export const handler = httpHandler(spec, async ({ params, principal }) => ({
  body: await feedbackFileLink(params.id, params.uploadId, principal, now()),
  headers: { 'cache-control': 'no-store' },
}));
