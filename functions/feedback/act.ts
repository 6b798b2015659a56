import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { handleFeedback } from '../../shared/services/feedback.ts';
import { actOnFeedback as spec } from './act.manifest.ts';

export const handler = httpHandler(spec, async ({ params, body, principal }) => ({
  body: await handleFeedback(params.id, body, principal, now()),
}));
