import { feedbackHistoryName, verifyFeedbackHistory } from '../domain/checkpoints.ts';
import type { Principal } from '../http/principal.ts';
import { feedbackHistory } from '../persistence/feedback.ts';
import { anchorsOf } from './checkpoints.ts';
import { readableFeedback } from './feedback.ts';

/**
 * The feedback in full with its history and its verification (the chain, the item as its last
 * step left it, every checkpoint naming it), for its author and its unit.
 */
export async function readFeedback(id: string, principal: Principal) {
  const feedback = await readableFeedback(id, principal);
  const [history, anchors] = await Promise.all([feedbackHistory(id), anchorsOf(feedbackHistoryName(id))]);
  const { authorSub: _author, personal: _personal, ...shown } = feedback;
  return { ...shown, history, chain: verifyFeedbackHistory(feedback, history, anchors) };
}
