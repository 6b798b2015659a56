import type { Delivery } from '../domain/deliveries.ts';
import { nationalDossier, nationalProgress } from '../domain/national-portal.ts';
import type { Connector } from './connector.ts';
import { dossierFacts } from './dossier-facts.ts';
import { signedPost } from './signed-post.ts';

/**
 * The national public service portal: a submission is pushed whole (DongBoHoSoMC), every later
 * step as progress (CapNhatTienDoHoSoMC) with the dossier's record again, so that the portal
 * always holds the state, dates and files as they are.
 */
export function nationalPortalConnector(baseUrl: string): Connector {
  const base = baseUrl.replace(/\/$/, '');
  return {
    async send(delivery: Delivery, now: Date) {
      const facts = await dossierFacts(delivery.code, now);
      const dossier = nationalDossier(facts);
      if (delivery.event.type === 'submit') return signedPost(`${base}/DongBoHoSoMC`, dossier);
      return signedPost(`${base}/CapNhatTienDoHoSoMC`, {
        ...nationalProgress(delivery.event, facts.unitName),
        HoSo: dossier,
      });
    },
  };
}
