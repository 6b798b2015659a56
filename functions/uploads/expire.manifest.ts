import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const expireUploads = {
  entry: 'functions/uploads/expire.ts',
  description: 'Deletes the file of an upload that expired unused (the table removed its record)',
  memoryMb: 256,
  timeoutSeconds: 30,
  stream: { batchSize: 25, retryAttempts: 10, entity: 'upload', change: 'expiry' },
  uses: { bucket: { delete: ['quarantine', 'clean'] } },
} as const satisfies FunctionSpec;
