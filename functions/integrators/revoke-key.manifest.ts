import { KeyAnswer, KeyParams } from '../../shared/api/integrators.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const revokeIntegratorKey = {
  entry: 'functions/integrators/revoke-key.ts',
  description: "Revokes one of an integrator's keys",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/admin/integrators/{id}/keys/{thumbprint}/revoke',
    access: ['admin'],
    summary: 'Revoke a key: requests signed with it are refused from now on (the key stays listed)',
    tag: 'Integrators',
    request: { params: KeyParams },
    response: { status: 200, description: 'The key, revoked', body: KeyAnswer },
    problems: ['not-found'],
  },
  uses: { table: { read: ['integrator'], write: ['integrator'] } },
} as const satisfies FunctionSpec;
