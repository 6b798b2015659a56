import { FeedbackDetail, FeedbackParams } from '../../shared/api/feedback.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const getFeedback = {
  entry: 'functions/feedback/get.ts',
  description: 'Feedback in full, with its history, for its author and its unit',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/feedback/{id}',
    access: ['officer', 'leader', 'citizen'],
    summary:
      'Feedback with its files and every step of its handling, a hash-chained history checked on reading: for its author and the unit that has it',
    tag: 'Feedback',
    request: { params: FeedbackParams },
    response: { status: 200, description: 'The feedback', body: FeedbackDetail },
    problems: ['not-found'],
  },
  uses: { table: { read: ['feedback', 'catalog'] }, checkpoints: 'read', signingKey: 'verify' },
} as const satisfies FunctionSpec;
