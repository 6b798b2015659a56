import type { Delivery } from '../domain/deliveries.ts';
import { nationalDossier, nationalProgress, portalCode } from '../domain/national-portal.ts';
import type { Connector } from './connector.ts';
import { dossierFacts } from './dossier-facts.ts';
import { signedPost } from './signed-post.ts';

/**
 * The national public service portal: a submission is pushed whole (DongBoHoSoMC), every later
 * step as progress (CapNhatTienDoHoSoMC) with the dossier's record again, so that the portal
 * always holds the state, dates and files as they are. A dossier the portal filed itself
 * (through `integrator`) is never pushed as a new one: every step of it, under the portal's
 * own code, is progress.
 */
export function nationalPortalConnector(baseUrl: string, integrator?: string): Connector {
  const base = baseUrl.replace(/\/$/, '');
  return {
    async send(delivery: Delivery, now: Date) {
      const read = await dossierFacts(delivery.code, now);
      const facts = { ...read, portalCode: portalCode(read.dossier, integrator) };
      const dossier = nationalDossier(facts);
      if (delivery.event.type === 'submit' && !facts.portalCode)
        return signedPost(`${base}/DongBoHoSoMC`, dossier);
      return signedPost(`${base}/CapNhatTienDoHoSoMC`, {
        ...nationalProgress(delivery.event, facts.unitName, dossier.MaHoSo),
        HoSo: dossier,
      });
    },
  };
}
