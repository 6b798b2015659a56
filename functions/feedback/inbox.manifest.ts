import { FeedbackList, UnitFeedbackParams, UnitFeedbackQuery } from '../../shared/api/feedback.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const unitFeedback = {
  entry: 'functions/feedback/inbox.ts',
  description: 'The feedback open at a unit',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/units/{unitCode}/feedback',
    access: ['officer'],
    summary:
      'The feedback open at the officer’s own unit, the nearest deadline (answer or publication) first',
    tag: 'Feedback',
    request: { params: UnitFeedbackParams, query: UnitFeedbackQuery },
    response: { status: 200, description: 'Open feedback', body: FeedbackList },
    problems: ['forbidden'],
  },
  uses: { table: { read: ['feedback', 'catalog'], indexes: ['gsi2'] } },
} as const satisfies FunctionSpec;
