import { CatalogSyncBody, CatalogSyncView } from '../../shared/api/schemas.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const syncCatalogNow = {
  entry: 'functions/catalog/sync.ts',
  description: 'Shows, and applies when asked, what the national procedure database changes of the catalogue',
  memoryMb: 512,
  timeoutSeconds: 29,
  http: {
    method: 'POST',
    path: '/admin/catalog/sync',
    access: ['admin'],
    summary:
      'Read each procedure in the National Database on Administrative Procedures; show what changed (name, legal time, fees, components, level) and, with apply, save it as a new version',
    tag: 'Administration',
    request: { body: CatalogSyncBody },
    response: { status: 200, description: 'What changed, per procedure and field', body: CatalogSyncView },
    problems: ['not-available-yet'],
  },
  uses: { table: { read: ['catalog'], write: ['catalog'] }, signingKey: 'sign', connectors: true },
} as const satisfies FunctionSpec;
