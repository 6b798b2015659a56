import { FeedbackActionBody, FeedbackParams, FeedbackView } from '../../shared/api/feedback.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const actOnFeedback = {
  entry: 'functions/feedback/act.ts',
  description: 'A step in handling feedback',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/feedback/{id}/actions',
    access: ['officer', 'citizen'],
    summary:
      'Handle feedback: the unit refuses, asks for a supplement, answers, publishes (with the question as the public reads it) or transfers it; its author supplements',
    tag: 'Feedback',
    request: { params: FeedbackParams, body: FeedbackActionBody },
    response: { status: 200, description: 'The feedback', body: FeedbackView },
    problems: ['not-found', 'forbidden', 'action-not-allowed-in-state', 'stale-version'],
  },
  uses: { table: { read: ['feedback', 'catalog'], write: ['feedback'] } },
} as const satisfies FunctionSpec;
