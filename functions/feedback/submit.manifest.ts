import { FeedbackBody, FeedbackView } from '../../shared/api/feedback.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const submitFeedback = {
  entry: 'functions/feedback/submit.ts',
  description: 'A citizen’s feedback or petition (phản ánh, kiến nghị)',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/feedback',
    access: ['citizen'],
    summary:
      'Send feedback or a petition about a procedure, a regulation or an officer’s conduct to a unit; its working-day deadlines start',
    tag: 'Feedback',
    request: { body: FeedbackBody },
    response: { status: 201, description: 'The feedback and its deadlines', body: FeedbackView },
    problems: ['not-found', 'upload-already-used'],
  },
  uses: { table: { read: ['catalog', 'dossier', 'upload'], write: ['feedback', 'upload'] } },
} as const satisfies FunctionSpec;
