import { PublishedQuery, PublishedView } from '../../shared/api/feedback.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const publishedFeedback = {
  entry: 'functions/feedback/published.ts',
  description: 'Published answers to feedback, for anyone',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/feedback/published',
    access: 'public',
    summary:
      'Published answers, newest first, with `q` to search their question and answer; nothing of who asked',
    tag: 'Feedback',
    request: { query: PublishedQuery },
    response: { status: 200, description: 'Answers', body: PublishedView },
  },
  uses: { table: { read: ['feedback'], indexes: ['gsi1'] } },
} as const satisfies FunctionSpec;
