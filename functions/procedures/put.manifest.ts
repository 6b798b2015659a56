import { ProcedureParams, ProcedureView } from '../../shared/api/schemas.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';
import { ProcedureBody } from '../../shared/schemas/catalog.ts';

export const putProcedure = {
  entry: 'functions/procedures/put.ts',
  description: 'Create or replace a procedure of the catalog',
  memoryMb: 512,
  timeoutSeconds: 10,
  http: {
    method: 'PUT',
    path: '/admin/procedures/{code}',
    access: ['admin'],
    summary:
      'Create a procedure, or replace one with If-Match of the version read (without it: 428); administrators only',
    tag: 'Administration',
    request: { headers: { 'if-match': 'optional' }, params: ProcedureParams, body: ProcedureBody },
    response: { status: 200, description: 'The stored procedure', body: ProcedureView, headers: ['etag'] },
    problems: ['stale-version', 'precondition-required'],
  },
  uses: { table: { read: ['catalog'], write: ['catalog'] } },
} as const satisfies FunctionSpec;
