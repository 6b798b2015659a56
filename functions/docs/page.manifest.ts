import { Text } from '../../shared/api/documents.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const apiDocs = {
  entry: 'functions/docs/page.ts',
  description: 'The API reference, a page over the OpenAPI document',
  memoryMb: 256,
  timeoutSeconds: 5,
  http: {
    method: 'GET',
    path: '/docs',
    access: 'public',
    summary: 'The API reference: every operation, its schemas, answers and problem types',
    tag: 'System',
    response: {
      status: 200,
      description: 'The reference page',
      contentType: 'text/html',
      body: Text,
      headers: ['cache-control'],
    },
  },
  uses: {},
} as const satisfies FunctionSpec;
