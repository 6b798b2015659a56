import { controlSlip, receiptDocument } from '../documents/slips.ts';
import { STATE_NAMES } from '../domain/dossier.ts';
import { DomainError, notFound, tooManyRequests } from '../domain/errors.ts';
import { normaliseSecret, sameSecret } from '../domain/submission.ts';
import type { Principal } from '../http/principal.ts';
import { getUnits, procedureAsFiled } from '../persistence/catalog.ts';
import { type Application, getApplication, getDossier, listHistory } from '../persistence/dossiers.ts';
import { hit } from '../persistence/rate-limits.ts';
import { applicationOf, readDossier, recordRead } from './dossiers.ts';

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
  const procedure = await procedureAsFiled(dossier.procedureCode, dossier.procedureVersion);
  const componentName = (id: string) =>
    procedure?.components.find((component) => component.id === id)?.name ?? id;
  const application = await applicationOf(dossier);
  const components = application.components.map((component) => componentName(component.componentId));
  const receipt = receiptDocument(
    { ...dossier, application },
    components,
    await unitNames([dossier.receivingUnit]),
  );
  await recordRead(dossier, principal, 'receipt');
  return receipt;
}

export async function controlSlipFor(code: string, principal: Principal) {
  const dossier = await readDossier(code, principal);
  const events = await listHistory(code);
  const slip = controlSlip(dossier, events, await unitNames(dossier.units));
  await recordRead(dossier, principal, 'control-slip');
  return slip;
}

/** Look-ups allowed per client address and minute. */
export const LOOKUPS_PER_MINUTE = 20;
/**
 * Look-ups by phone digits allowed per dossier code and hour, whoever asks: no code's four
 * digits can be worked through. The receipt's secret is not held to it (fifty random bits
 * cannot be guessed), so that no stranger can lock its holder out.
 */
export const LOOKUPS_PER_CODE_HOUR = 10;

/** What the asker proves they hold: the look-up secret of the receipt, or the phone's last digits. */
export type LookupProof = { secret: string } | { phone: string };

const TOO_MANY = { vi: 'Tra cứu quá nhiều lần; hãy thử lại sau.', en: 'Too many look-ups; try again later.' };

/**
 * Tra cứu hồ sơ by anyone holding the code and the receipt's look-up secret (or the last four
 * digits of the applicant's phone): where the dossier is, never who it belongs to. Attempts
 * are limited per address, and by phone digits per code too (an address over its limit
 * counts against no code); a wrong proof and an unknown code do the same reads and get the
 * same 404.
 */
export async function lookup(code: string, proof: LookupProof, client: string, now: Date) {
  const byClient = await hit(`lookup#${client}`, 60, now);
  if (byClient.hits > LOOKUPS_PER_MINUTE) throw tooManyRequests(TOO_MANY, byClient.resetsIn);
  if ('phone' in proof) {
    const byCode = await hit(`lookup-code#${code}`, 3600, now);
    if (byCode.hits > LOOKUPS_PER_CODE_HOUR) throw tooManyRequests(TOO_MANY, byCode.resetsIn);
  }
  const [dossier, application] = await Promise.all([getDossier(code), getApplication(code)]);
  const held = proofMatches(application, proof);
  if (!dossier || !held) {
    throw notFound({
      vi: 'Không tìm thấy hồ sơ với mã và thông tin tra cứu này.',
      en: 'No dossier matches this code and look-up proof.',
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

/** Compared in constant time, and compared even when there is nothing to compare with. */
function proofMatches(application: Application | undefined, proof: LookupProof): boolean {
  const expected =
    'secret' in proof
      ? normaliseSecret(application?.lookupSecret ?? '')
      : (application?.applicant.phone ?? '').slice(-4);
  const given = 'secret' in proof ? normaliseSecret(proof.secret) : proof.phone;
  return sameSecret(expected, given) && application !== undefined && expected !== '';
}
