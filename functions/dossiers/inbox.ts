import type { NationalState } from '../../shared/domain/dossier.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { listInbox } from '../../shared/persistence/dossiers.ts';
import { dossierView } from '../../shared/services/dossiers.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.unitInbox, async ({ params, query, principal }) => {
  if (principal.unit !== params.unitCode) {
    throw new DomainError('forbidden', {
      vi: 'Cán bộ chỉ xem hồ sơ của đơn vị mình.',
      en: "Officers see their own unit's inbox only.",
    });
  }
  const filter = { state: query.state as NationalState | undefined, dueBefore: query.dueBefore };
  const page = await listInbox(params.unitCode, filter, query.limit, query.cursor);
  return { body: { ...page, items: page.items.map((dossier) => dossierView(dossier)) } };
});
