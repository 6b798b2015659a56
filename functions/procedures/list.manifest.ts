import { ProcedureListQuery, ProcedurePage } from '../../shared/api/schemas.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const listProcedures = {
  entry: 'functions/procedures/list.ts',
  description: 'Browse the procedure catalog',
  memoryMb: 512,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/procedures',
    access: 'public',
    summary: 'List procedures (thủ tục hành chính), filtered by field, unit and online level',
    tag: 'Catalog',
    request: { query: ProcedureListQuery },
    response: { status: 200, description: 'One page of procedures', body: ProcedurePage },
  },
  uses: { table: { read: ['catalog'] } },
} as const satisfies FunctionSpec;
