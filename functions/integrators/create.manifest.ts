import { IntegratorBody, IntegratorView } from '../../shared/api/integrators.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const createIntegrator = {
  entry: 'functions/integrators/create.ts',
  description: 'Registers an integrator (another government system) in the province registry',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/admin/integrators',
    access: ['admin'],
    summary: 'Register an integrator: its owning unit, scopes and limits; keys are added after',
    tag: 'Integrators',
    request: { body: IntegratorBody },
    response: { status: 201, description: 'The integrator, with no key yet', body: IntegratorView },
    problems: ['already-exists'],
  },
  uses: { table: { write: ['integrator'], read: ['integrator', 'catalog'] } },
} as const satisfies FunctionSpec;
