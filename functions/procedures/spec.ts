import {
  ProcedureListQuery,
  ProcedurePage,
  ProcedureParams,
  ProcedureView,
} from '../../shared/api/schemas.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';
import { ProcedureBody } from '../../shared/schemas/catalog.ts';

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
      'Create or replace a procedure (administrators only); send If-Match with the version to guard edits',
    tag: 'Administration',
    request: { headers: { 'if-match': 'optional' }, params: ProcedureParams, body: ProcedureBody },
    response: { status: 200, description: 'The stored procedure', body: ProcedureView, headers: ['etag'] },
    problems: ['stale-version'],
  },
  uses: { table: { read: ['catalog'], write: ['catalog'] } },
} as const satisfies FunctionSpec;
