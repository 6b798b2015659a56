import { Text } from '../../shared/api/documents.ts';
import { REDOC_ASSET, REDOC_FILE } from '../../shared/documents/docs-page.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const apiDocsScript = {
  entry: 'functions/docs/script.ts',
  description: 'The script of the API reference page (Redoc), served from here: no CDN at run time',
  memoryMb: 256,
  timeoutSeconds: 5,
  http: {
    method: 'GET',
    path: `/docs/${REDOC_FILE}`,
    access: 'public',
    summary: 'The script of the reference page',
    tag: 'System',
    response: {
      status: 200,
      description: 'Redoc’s standalone bundle',
      contentType: 'text/javascript',
      body: Text,
      headers: ['cache-control'],
    },
  },
  assets: [REDOC_ASSET],
  uses: {},
} as const satisfies FunctionSpec;
