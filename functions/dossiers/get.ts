import { httpHandler } from '../../shared/http/handler.ts';
import { etag } from '../../shared/http/preconditions.ts';
import {
  applicationOf,
  dossierView,
  eventsOf,
  readDossier,
  recordRead,
} from '../../shared/services/dossiers.ts';
import { getDossier as spec } from './get.manifest.ts';

export const handler = httpHandler(spec, async ({ params, principal }) => {
  const dossier = await readDossier(params.code, principal);
  const [application, events] = await Promise.all([applicationOf(dossier), eventsOf(params.code, principal)]);
  await recordRead(dossier, principal, 'view');
  return {
    body: { ...dossierView(dossier, application), history: events },
    headers: { etag: etag(dossier.version) },
  };
});
