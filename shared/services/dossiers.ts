import { randomUUID } from 'node:crypto';
import { now } from '../clock.ts';
import type { Command } from '../domain/action-inputs.ts';
import { type AccessReason, isRecordedRead } from '../domain/data-access.ts';
import { type Actor, assertCanRead, type NationalState, STATE_NAMES, transition } from '../domain/dossier.ts';
import { transitionEvent } from '../domain/dossier-events.ts';
import { DomainError, type FieldIssue, invalid, notFound, staleVersion } from '../domain/errors.ts';
import { type Person, personalDataOf } from '../domain/personal-data.ts';
import type { Principal } from '../http/principal.ts';
import { count } from '../observability.ts';
import { workingCalendar } from '../persistence/calendar.ts';
import { getUnits } from '../persistence/catalog.ts';
import { recordAccess } from '../persistence/data-access.ts';
import {
  type Application,
  type DossierRecord,
  getApplication,
  getDossier,
  listHistory,
  listInbox,
  saveTransition,
} from '../persistence/dossiers.ts';
import { useUpload } from '../persistence/uploads.ts';
import { resolveAttachments } from './attachments.ts';

/** The caller as the state machine knows them. */
export function actorOf(principal: Principal): Actor {
  if (principal.roles.includes('officer') && principal.unit)
    return { sub: principal.sub, role: 'officer', unit: principal.unit };
  if (principal.roles.includes('citizen')) return { sub: principal.sub, role: 'citizen' };
  throw new DomainError('forbidden', {
    vi: 'Cần vai trò công dân hoặc cán bộ.',
    en: 'A citizen or officer role is needed.',
  });
}

/** The people an application records: the applicant, who filed it, and their verified contacts. */
export function peopleOf(application: Application | undefined): Person[] {
  if (!application) return [];
  const { applicant, filer, verifiedContacts, delivery } = application;
  return [
    applicant,
    { idNumber: applicant.taxCode },
    { fullName: filer?.fullName, idNumber: filer?.idNumber, ...verifiedContacts, address: delivery.address },
  ];
}

/** A dossier the caller may read (else 404, whether it exists or not). */
export async function readDossier(code: string, principal: Principal): Promise<DossierRecord> {
  const dossier = await getDossier(code);
  if (!dossier) throw notFound({ vi: `Không tìm thấy hồ sơ ${code}.`, en: `No dossier ${code}.` });
  assertCanRead(dossier, actorOf(principal));
  return dossier;
}

/**
 * Records, for the citizen whose dossier it is, that staff read it (`why`: what they read): once
 * the read is answered, never for a refused one.
 */
export async function recordRead(
  dossier: Pick<DossierRecord, 'code' | 'ownerSub'>,
  principal: Principal,
  why: AccessReason,
): Promise<void> {
  const actor = actorOf(principal);
  if (!isRecordedRead(dossier.ownerSub, actor.sub)) return;
  await recordAccess(dossier.ownerSub, {
    at: now().toISOString(),
    code: dossier.code,
    by: { sub: actor.sub, role: actor.role, ...(actor.unit ? { unit: actor.unit } : {}) },
    why,
  });
}

/**
 * One action on a dossier, guarded by the version the caller read (If-Match). The dossier
 * and its history event are written in one transaction conditional on that version.
 */
export async function actOn(
  code: string,
  command: Command,
  principal: Principal,
  expectedVersion: number | undefined,
  now: Date,
): Promise<DossierRecord> {
  if (expectedVersion === undefined) {
    throw new DomainError('precondition-required', {
      vi: 'Cần gửi If-Match với phiên bản hồ sơ đã đọc.',
      en: 'Send If-Match with the version of the dossier you read.',
    });
  }
  const dossier = await readDossier(code, principal);
  if (dossier.version !== expectedVersion) throw staleVersion();
  if (command.action === 'transfer') await assertReceivingUnit(command.toUnit);
  const files = await filesOf(dossier, command, principal);
  const actor = actorOf(principal);
  const change = transition(dossier, command, {
    now,
    seq: dossier.eventCount + 1,
    actor,
    calendar: await workingCalendar(),
    clock: dossier.clock,
    // An apology letter's reason goes public: it must lose what the application records.
    ...(command.action === 'extendDeadline'
      ? { personal: personalDataOf(...peopleOf(await getApplication(code))) }
      : {}),
  });
  const { event, chain } = transitionEvent(dossier, change, command, actor, now, randomUUID());
  const next: DossierRecord = { ...(change.dossier as DossierRecord), ...chain, ...files.changes };
  await saveTransition(
    next,
    dossier.version,
    event,
    files.uploadIds.map((id) => useUpload(id, code)),
  );
  count('Actions', { action: command.action });
  return next;
}

/**
 * A transfer must name a unit of the province that is open. (The hand-off consumer checks
 * again when the hop lands: a unit may close in between.)
 */
async function assertReceivingUnit(code: string): Promise<void> {
  const unit = (await getUnits([code])).get(code);
  if (unit && !unit.disabled) return;
  const [vi, en] = unit
    ? ['đơn vị đã ngừng tiếp nhận hồ sơ', 'the unit no longer takes dossiers']
    : ['không có đơn vị này', 'unknown unit'];
  throw invalid({ vi: 'Đơn vị nhận không hợp lệ.', en: 'The receiving unit cannot take the dossier.' }, [
    { path: 'body.toUnit', code: unit ? 'disabled_unit' : 'unknown_unit', message: { vi, en } },
  ]);
}

/** The files a supplement answer or a completion brings, checked as a submission's are. */
async function filesOf(dossier: DossierRecord, command: Command, principal: Principal) {
  if (command.action === 'supplement' && command.components?.length) {
    const attachments = await resolveAttachments(
      command.components,
      principal.sub,
      (componentId) => ({ kind: 'component', procedureCode: dossier.procedureCode, componentId }),
      (index, at) => `body.components[${index}].uploadIds[${at}]`,
    );
    refuseIssues(attachments.issues);
    const added = Object.values(attachments.files).flat();
    return {
      uploadIds: attachments.uploadIds,
      changes: { supplementFiles: [...(dossier.supplementFiles ?? []), ...added] },
    };
  }
  if (command.action === 'complete' && command.resultUploadIds?.length) {
    const attachments = await resolveAttachments(
      [{ componentId: 'result', uploadIds: command.resultUploadIds }],
      principal.sub,
      () => ({ kind: 'result', dossierCode: dossier.code }),
      (_index, at) => `body.resultUploadIds[${at}]`,
    );
    refuseIssues(attachments.issues);
    const resultFiles = attachments.files.result ?? [];
    return {
      uploadIds: attachments.uploadIds,
      changes: { resultFiles, digitisation: { ...dossier.digitisation, result: resultFiles.length > 0 } },
    };
  }
  return { uploadIds: [] as string[], changes: {} };
}

function refuseIssues(issues: FieldIssue[]): void {
  if (issues.length)
    throw invalid({ vi: 'Tệp đính kèm chưa hợp lệ.', en: 'The attached files are not acceptable.' }, issues);
}

/** A dossier's history, oldest first, for those who may read the dossier. */
export async function eventsOf(code: string, principal: Principal) {
  await readDossier(code, principal);
  return listHistory(code);
}

/** What the applicant submitted, for those who may read the dossier. */
export async function applicationOf(dossier: DossierRecord): Promise<Application> {
  const application = await getApplication(dossier.code);
  if (!application) throw new Error(`dossier ${dossier.code} has no application item`);
  return application;
}

/** What the API shows of a dossier. */
export function dossierView(dossier: DossierRecord, application?: Application) {
  const { lastEventHash: _hash, ...view } = dossier;
  return { ...view, stateName: STATE_NAMES[dossier.state], ...(application ? { application } : {}) };
}

/** Whether a leader's unit is this unit or one above it. */
export async function leads(principal: Principal, unitCode: string): Promise<boolean> {
  if (!principal.unit) return false;
  if (principal.unit === unitCode) return true;
  const unit = (await getUnits([unitCode])).get(unitCode);
  return unit?.ancestors?.includes(principal.unit) ?? false;
}

/** Hồ sơ của đơn vị: an officer reads the inbox of their own unit only. */
export async function unitInbox(
  unitCode: string,
  filter: { state?: number; dueBefore?: string },
  page: { limit: number; cursor?: string },
  principal: Principal,
) {
  const own = principal.unit === unitCode && principal.roles.includes('officer');
  if (!(own || (principal.roles.includes('leader') && (await leads(principal, unitCode))))) {
    throw new DomainError('forbidden', {
      vi: 'Cán bộ chỉ xem hồ sơ của đơn vị mình; lãnh đạo, của đơn vị mình và các đơn vị trực thuộc.',
      en: "Officers see their own unit's inbox only; leaders, their unit's and the units below it.",
    });
  }
  const found = await listInbox(
    unitCode,
    { ...filter, state: filter.state as NationalState | undefined },
    page.limit,
    page.cursor,
  );
  return { ...found, items: found.items.map((dossier) => dossierView(dossier)) };
}
