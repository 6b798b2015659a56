import { httpHandler } from '../../shared/http/handler.ts';
import { readFeedback } from '../../shared/services/feedback-history.ts';
import { getFeedback as spec } from './get.manifest.ts';

export const handler = httpHandler(spec, async ({ params, principal }) => ({
  body: await readFeedback(params.id, principal),
}));
