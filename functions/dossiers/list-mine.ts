import { httpHandler } from '../../shared/http/handler.ts';
import { listOwnerDossiers } from '../../shared/persistence/dossiers.ts';
import { dossierView } from '../../shared/services/dossiers.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.listMyDossiers, async ({ query, principal }) => {
  const page = await listOwnerDossiers(principal.sub, query.limit, query.cursor);
  return { body: { ...page, items: page.items.map((dossier) => dossierView(dossier)) } };
});
