import { FeedbackParams, VoteBody, VoteTally } from '../../shared/api/feedback.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const voteOnFeedback = {
  entry: 'functions/feedback/vote.ts',
  description: 'A citizen marks a published answer liked or disliked, once',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/feedback/{id}/vote',
    access: ['citizen'],
    summary: 'Mark a published answer liked or disliked, once',
    tag: 'Feedback',
    request: { params: FeedbackParams, body: VoteBody },
    response: { status: 200, description: 'The answer’s likes and dislikes', body: VoteTally },
    problems: ['not-found', 'already-exists'],
  },
  uses: { table: { read: ['feedback'], write: ['feedback'] } },
} as const satisfies FunctionSpec;
