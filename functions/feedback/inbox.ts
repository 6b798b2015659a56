import { httpHandler } from '../../shared/http/handler.ts';
import { unitFeedback } from '../../shared/services/feedback.ts';
import { unitFeedback as spec } from './inbox.manifest.ts';

export const handler = httpHandler(spec, async ({ params, query, principal }) => ({
  body: await unitFeedback(params.unitCode, principal, query.limit),
}));
