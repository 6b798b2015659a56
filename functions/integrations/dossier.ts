import { httpHandler } from '../../shared/http/handler.ts';
import { dossierProgress } from '../../shared/services/integrators.ts';
import { integrationDossier as spec } from './dossier.manifest.ts';

export const handler = httpHandler(spec, async ({ params, integrator }) => ({
  body: await dossierProgress(params.code, integrator),
}));
