import { OpenApiDocumentView } from '../../shared/api/documents.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const openapi = {
  entry: 'functions/openapi/get.ts',
  description: 'The OpenAPI 3.1 document of this API',
  memoryMb: 512,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/openapi.json',
    access: 'public',
    summary: 'The OpenAPI 3.1 document, generated from the schemas',
    tag: 'System',
    response: {
      status: 200,
      description: 'OpenAPI document',
      body: OpenApiDocumentView,
      headers: ['cache-control'],
    },
  },
  uses: {},
} as const satisfies FunctionSpec;
