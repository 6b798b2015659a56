import { DataAccessPage, DataAccessQuery } from '../../shared/api/me.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const myDataAccess = {
  entry: 'functions/me/data-access.ts',
  description: "Who read a citizen's dossiers, when and why",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/me/data-access',
    access: ['citizen'],
    summary: 'Every read of your dossiers by staff: who, which unit, when, and what they read; newest first',
    tag: 'Personal data',
    request: { query: DataAccessQuery },
    response: { status: 200, description: 'One page of reads', body: DataAccessPage },
  },
  uses: { table: { read: ['dataAccess'] } },
} as const satisfies FunctionSpec;
