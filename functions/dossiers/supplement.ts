import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { etag, ifMatchVersion } from '../../shared/http/preconditions.ts';
import { actOn, dossierView } from '../../shared/services/dossiers.ts';
import { supplementDossier as spec } from './supplement.manifest.ts';

export const handler = httpHandler(spec, async ({ params, body, principal, headers }) => {
  const command = { action: 'supplement' as const, ...body };
  const dossier = await actOn(params.code, command, principal, ifMatchVersion(headers['if-match']), now());
  return { body: dossierView(dossier), headers: { etag: etag(dossier.version) } };
});
