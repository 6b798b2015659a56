import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const seedCatalog = {
  entry: 'functions/catalog/seed.ts',
  description: "Writes the province config's units and procedures on every deployment",
  memoryMb: 512,
  timeoutSeconds: 300,
  onDeploy: true,
  uses: { table: { write: ['catalog'] } },
} as const satisfies FunctionSpec;
