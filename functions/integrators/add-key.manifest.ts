import { IntegratorParams, KeyAnswer, PublicKeyBody } from '../../shared/api/integrators.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const addIntegratorKey = {
  entry: 'functions/integrators/add-key.ts',
  description: "Adds an Ed25519 public key to an integrator's keys",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/admin/integrators/{id}/keys',
    access: ['admin'],
    summary:
      'Add a public key (JWK, Ed25519); several may be active at once, to rotate. The same key again answers 200',
    tag: 'Integrators',
    request: { params: IntegratorParams, body: PublicKeyBody },
    response: { status: 201, description: 'The key and the keyid to sign with', body: KeyAnswer },
    problems: ['not-found'],
  },
  uses: { table: { read: ['integrator'], write: ['integrator'] } },
} as const satisfies FunctionSpec;
