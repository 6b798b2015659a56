import { IntegratorParams, IntegratorView } from '../../shared/api/integrators.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const getIntegrator = {
  entry: 'functions/integrators/get.ts',
  description: 'An integrator with its keys and the trail of its changes',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/admin/integrators/{id}',
    access: ['admin'],
    summary: 'Read an integrator: scopes, limits, keys (active and revoked) and every change made',
    tag: 'Integrators',
    request: { params: IntegratorParams },
    response: { status: 200, description: 'The integrator', body: IntegratorView },
    problems: ['not-found'],
  },
  uses: { table: { read: ['integrator'] } },
} as const satisfies FunctionSpec;
