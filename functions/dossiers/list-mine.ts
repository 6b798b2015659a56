import { httpHandler } from '../../shared/http/handler.ts';
import { listOwnerDossiers } from '../../shared/persistence/dossiers.ts';
import { dossierView } from '../../shared/services/dossiers.ts';
import { listMyDossiers as spec } from './list-mine.manifest.ts';

export const handler = httpHandler(spec, async ({ query, principal }) => {
  const page = await listOwnerDossiers(principal.sub, query.limit, query.cursor);
  return { body: { ...page, items: page.items.map((dossier) => dossierView(dossier)) } };
});
