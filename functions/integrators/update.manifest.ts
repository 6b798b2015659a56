import { IntegratorParams, IntegratorPatchBody, IntegratorView } from '../../shared/api/integrators.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const updateIntegrator = {
  entry: 'functions/integrators/update.ts',
  description: 'Disables or enables an integrator, or changes its scopes, limits and request rate',
  memoryMb: 256,
  timeoutSeconds: 25,
  http: {
    method: 'PATCH',
    path: '/admin/integrators/{id}',
    access: ['admin'],
    summary:
      'Change an integrator: `status` disabled stops its signed requests and holds its webhooks at once (active again sends what was held); scopes, procedures and units (null for all), requests a minute. Each change goes in its trail',
    tag: 'Integrators',
    request: { params: IntegratorParams, body: IntegratorPatchBody },
    response: { status: 200, description: 'The integrator as changed', body: IntegratorView },
    problems: ['not-found', 'stale-version'],
  },
  uses: {
    table: {
      read: ['integrator', 'catalog', 'subscription', 'outboundDelivery'],
      write: ['integrator', 'outboundDelivery'],
    },
    sendsTo: ['deliveries', 'webhookAttempts'],
  },
} as const satisfies FunctionSpec;
