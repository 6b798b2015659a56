import { ProcedureParams, ProcedureView } from '../../shared/api/schemas.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const getProcedure = {
  entry: 'functions/procedures/get.ts',
  description: 'Read one procedure',
  memoryMb: 512,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/procedures/{code}',
    access: 'public',
    summary: 'Read a procedure by its national code',
    tag: 'Catalog',
    request: { params: ProcedureParams },
    response: { status: 200, description: 'The procedure', body: ProcedureView, headers: ['etag'] },
    problems: ['not-found'],
  },
  uses: { table: { read: ['catalog'] } },
} as const satisfies FunctionSpec;
