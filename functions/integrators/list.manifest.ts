import { IntegratorList, IntegratorsQuery } from '../../shared/api/integrators.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const listIntegrators = {
  entry: 'functions/integrators/list.ts',
  description: "The province's integrator registry",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/admin/integrators',
    access: ['admin'],
    summary: 'List the integrators: scopes, limits, request rate and whether each is active or disabled',
    tag: 'Integrators',
    request: { query: IntegratorsQuery },
    response: { status: 200, description: 'Integrators, by id', body: IntegratorList },
  },
  uses: { table: { read: ['integrator'], indexes: ['gsi1'] } },
} as const satisfies FunctionSpec;
