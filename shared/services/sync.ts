import { syncByTarget } from '../domain/deliveries.ts';
import type { Principal } from '../http/principal.ts';
import { dossierDeliveries } from '../persistence/deliveries.ts';
import { readDossier } from './dossiers.ts';

/** Where a dossier stands with each system it is sent to: the national portal, outside units, webhooks. */
export async function dossierSync(code: string, principal: Principal) {
  await readDossier(code, principal);
  return { code, targets: syncByTarget(await dossierDeliveries(code)) };
}
