import {
  HealthResponse,
  ProcedureListQuery,
  ProcedurePage,
  ProcedureParams,
  ProcedureView,
} from '../shared/api/schemas.ts';
import type { Manifest } from '../shared/manifest-types.ts';
import { ProcedureBody } from '../shared/schemas/catalog.ts';

/**
 * THE list of functions. The CDK stack and the local runtime both derive everything from
 * it: routes and who may call them, queue and stream triggers, and the resources each
 * function is granted (and told about through its environment).
 */
export const manifest = {
  health: {
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
  },
  openapi: {
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
      response: { status: 200, description: 'OpenAPI document' },
    },
    uses: {},
  },
  listProcedures: {
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
    uses: { table: 'read' },
  },
  getProcedure: {
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
      response: { status: 200, description: 'The procedure', body: ProcedureView },
    },
    uses: { table: 'read' },
  },
  putProcedure: {
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
      request: { params: ProcedureParams, body: ProcedureBody },
      response: { status: 200, description: 'The stored procedure', body: ProcedureView },
    },
    uses: { table: 'readWrite' },
  },
  seedCatalog: {
    entry: 'functions/catalog/seed.ts',
    description: "Writes the province config's units and procedures on every deployment",
    memoryMb: 512,
    timeoutSeconds: 300,
    onDeploy: true,
    uses: { table: 'readWrite' },
  },
} as const satisfies Manifest;

export type FunctionName = keyof typeof manifest;
