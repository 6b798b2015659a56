import { IntegrationDossierParams, IntegrationDossierView } from '../../shared/api/integrators.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const integrationDossier = {
  entry: 'functions/integrations/dossier.ts',
  description: "A dossier's state and progress, for a signed integrator",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/integrations/v1/dossiers/{code}',
    access: { integrator: 'dossiers:read' },
    summary: "A dossier's state and each step of its progress, within the integrator's procedures and units",
    tag: 'Integrations',
    request: { params: IntegrationDossierParams },
    response: { status: 200, description: 'Where the dossier is', body: IntegrationDossierView },
    problems: ['not-found'],
  },
  uses: { table: { read: ['integrator', 'dossier'], write: ['nonce', 'rateLimit'] } },
} as const satisfies FunctionSpec;
