import { controlSlip, receiptDocument } from '../documents/slips.ts';
import { STATE_NAMES } from '../domain/dossier.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import type { Principal } from '../http/principal.ts';
import { getProcedure, getUnits } from '../persistence/catalog.ts';
import { getDossier, listHistory } from '../persistence/dossiers.ts';
import { hit } from '../persistence/rate-limits.ts';
import { applicationOf, readDossier } from './dossiers.ts';

async function unitNames(codes: readonly string[]) {
  const units = await getUnits(codes);
  return (code: string) => units.get(code)?.name ?? code;
}

/** Giấy tiếp nhận và hẹn trả: exists once the dossier has been received. */
export async function receiptFor(code: string, principal: Principal) {
  const dossier = await readDossier(code, principal);
  if (!dossier.receivedAt) {
    throw new DomainError('not-available-yet', {
      vi: 'Hồ sơ chưa được tiếp nhận nên chưa có giấy hẹn trả.',
      en: 'The dossier has not been received yet, so there is no receipt.',
    });
  }
  const procedure = await getProcedure(dossier.procedureCode);
  const componentName = (id: string) =>
    procedure?.components.find((component) => component.id === id)?.name ?? id;
  const application = await applicationOf(dossier);
  const components = application.components.map((component) => componentName(component.componentId));
  return receiptDocument({ ...dossier, application }, components, await unitNames([dossier.receivingUnit]));
}

export async function controlSlipFor(code: string, principal: Principal) {
  const dossier = await readDossier(code, principal);
  const events = await listHistory(code);
  return controlSlip(dossier, events, await unitNames(dossier.units));
}

/** Look-ups allowed per client address and minute. */
export const LOOKUPS_PER_MINUTE = 20;

/**
 * Tra cứu hồ sơ by anyone holding the code and the last four digits of the applicant's
 * phone: where the dossier is, never who it belongs to. A wrong code and a wrong phone get
 * the same 404.
 */
export async function lookup(code: string, phoneLast4: string, client: string, now: Date) {
  if ((await hit(`lookup#${client}`, 60, now)) > LOOKUPS_PER_MINUTE) {
    throw new DomainError('too-many-requests', {
      vi: 'Tra cứu quá nhiều lần; hãy thử lại sau một phút.',
      en: 'Too many look-ups; try again in a minute.',
    });
  }
  const dossier = await getDossier(code);
  const application = dossier && (await applicationOf(dossier));
  if (!dossier || !application?.applicant.phone.endsWith(phoneLast4)) {
    throw notFound({
      vi: 'Không tìm thấy hồ sơ với mã và số điện thoại này.',
      en: 'No dossier matches this code and phone.',
    });
  }
  const names = await unitNames([dossier.currentUnit]);
  return {
    code: dossier.code,
    state: dossier.state,
    stateName: STATE_NAMES[dossier.state],
    procedureName: dossier.procedureName,
    ...(dossier.receivedAt ? { receivedAt: dossier.receivedAt } : {}),
    ...(dossier.dueAt ? { dueAt: dossier.dueAt } : {}),
    currentUnit: { code: dossier.currentUnit, name: names(dossier.currentUnit) },
  };
}
