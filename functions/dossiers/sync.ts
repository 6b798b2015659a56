import { httpHandler } from '../../shared/http/handler.ts';
import { dossierSync } from '../../shared/services/sync.ts';
import { dossierSync as spec } from './sync.manifest.ts';

export const handler = httpHandler(spec, async ({ params, principal }) => ({
  body: await dossierSync(params.code, principal),
}));
