import { httpHandler } from '../../shared/http/handler.ts';
import { publishedAnswers } from '../../shared/services/feedback.ts';
import { publishedFeedback as spec } from './published.manifest.ts';

export const handler = httpHandler(spec, async ({ query }) => ({
  body: await publishedAnswers(query.q, query.limit, query.cursor),
}));
