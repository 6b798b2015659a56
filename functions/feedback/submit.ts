import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { submitFeedback } from '../../shared/services/feedback.ts';
import { submitFeedback as spec } from './submit.manifest.ts';

export const handler = httpHandler(spec, async ({ body, principal }) => ({
  status: 201,
  body: await submitFeedback(body, principal, now()),
}));
