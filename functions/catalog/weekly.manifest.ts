import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const syncCatalogWeekly = {
  entry: 'functions/catalog/weekly.ts',
  description: 'Every week, applies what the national procedure database changes of the catalogue',
  memoryMb: 512,
  timeoutSeconds: 600,
  schedule: { everyMinutes: 7 * 24 * 60 },
  uses: { table: { read: ['catalog'], write: ['catalog'] }, signingKey: 'sign', connectors: true },
} as const satisfies FunctionSpec;
