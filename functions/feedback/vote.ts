import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { voteOnAnswer } from '../../shared/services/feedback.ts';
import { voteOnFeedback as spec } from './vote.manifest.ts';

export const handler = httpHandler(spec, async ({ params, body, principal }) => ({
  body: await voteOnAnswer(params.id, body.vote === 'like', principal, now()),
}));
