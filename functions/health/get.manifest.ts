import { HealthResponse } from '../../shared/api/schemas.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const health = {
  entry: 'functions/health/get.ts',
  description: 'Liveness of the API',
  memoryMb: 256,
  timeoutSeconds: 5,
  http: {
    method: 'GET',
    path: '/health',
    access: 'public',
    summary: 'Check that the API answers',
    tag: 'System',
    response: { status: 200, description: 'The API is up', body: HealthResponse },
  },
  uses: {},
} as const satisfies FunctionSpec;
