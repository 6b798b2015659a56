import type { DossierFacts } from '../domain/national-portal.ts';
import { getUnits, procedureAsFiled } from '../persistence/catalog.ts';
import { getApplication, getDossier } from '../persistence/dossiers.ts';
import { connectorSettings } from './settings.ts';

/**
 * What the national shape of a dossier is made from, read as the dossier is now, with the text
 * of the procedure it was filed under (its fees then, whatever the catalogue says since).
 */
export async function dossierFacts(code: string, _now: Date): Promise<DossierFacts> {
  const [dossier, application] = await Promise.all([getDossier(code), getApplication(code)]);
  if (!(dossier && application)) throw new Error(`dossier ${code} is gone`);
  const returnCodes = connectorSettings().nationalPortal?.resultReturnCodes;
  const [procedure, units] = await Promise.all([
    procedureAsFiled(dossier.procedureCode, dossier.procedureVersion),
    getUnits([dossier.currentUnit]),
  ]);
  return {
    dossier,
    applicant: application.applicant,
    components: application.components,
    field: procedure?.field ?? { code: '', name: '' },
    fees: procedure?.fees ?? [],
    unitName: units.get(dossier.currentUnit)?.name ?? dossier.currentUnit,
    delivery: { method: application.delivery.method },
    ...(returnCodes ? { returnCodes } : {}),
  };
}
