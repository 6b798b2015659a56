import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { SubmitDossierBody } from '../api/dossiers.ts';
import type { Procedure } from '../domain/catalog.ts';
import {
  type Actor,
  assertCanRead,
  type Command,
  type NationalState,
  STATE_NAMES,
  transition,
} from '../domain/dossier.ts';
import { codeDay, dossierCode } from '../domain/dossier-code.ts';
import { submissionEvent, transitionEvent } from '../domain/dossier-events.ts';
import { DomainError, type FieldIssue, invalid, notFound } from '../domain/errors.ts';
import { canonicalJson, verifyChain } from '../domain/history.ts';
import type { Principal } from '../http/principal.ts';
import { workingCalendar } from '../persistence/calendar.ts';
import { getUnits, recentProcedure } from '../persistence/catalog.ts';
import {
  type Application,
  createDossier,
  type DossierRecord,
  getApplication,
  getDossier,
  listHistory,
  listInbox,
  nextSequence,
  saveTransition,
  staleVersion,
} from '../persistence/dossiers.ts';
import { claim, completedResponse, completion, release } from '../persistence/idempotency.ts';
import { useUpload } from '../persistence/uploads.ts';
import { formSchema } from '../schemas/form.ts';
import { fieldIssues } from '../schemas/issues.ts';
import { signReceipt } from '../signing/receipts.ts';
import { missingFiles, resolveAttachments } from './attachments.ts';

type Submission = z.output<typeof SubmitDossierBody>;

export interface SubmissionReceipt {
  code: string;
  state: number;
  stateName: string;
  procedureCode: string;
  procedureName: string;
  receivingUnit: string;
  submittedAt: string;
  components: {
    componentId: string;
    files: { uploadId: string; fileName: string; size: number; sha256: string }[];
  }[];
  /** Compact JWS (EdDSA) over the receipt above: the signed proof of submission. */
  proof: string;
}

/**
 * Nộp hồ sơ. The input is checked against the procedure before anything is claimed, so the
 * same body under the same key always gets the same answer; the dossier, its first event and
 * the completed idempotency record are written in one transaction.
 */
export async function submitDossier(
  submission: Submission,
  principal: Principal,
  idempotencyKey: string,
  now: Date,
): Promise<{ receipt: SubmissionReceipt; replayed: boolean }> {
  const procedure = await recentProcedure(submission.procedureCode, now);
  if (!procedure) {
    throw invalid({ vi: 'Thủ tục không có trong danh mục.', en: 'The procedure is not in the catalog.' }, [
      {
        path: 'body.procedureCode',
        code: 'unknown_procedure',
        message: { vi: 'không có thủ tục này', en: 'unknown procedure' },
      },
    ]);
  }
  checkApplication(submission, procedure);
  const requestHash = createHash('sha256').update(canonicalJson(submission)).digest('hex');
  const attachments = await resolveAttachments(
    submission.components,
    principal.sub,
    (componentId) => ({ kind: 'component', procedureCode: procedure.code, componentId }),
    (index, at) => `body.components[${index}].uploadIds[${at}]`,
  );
  const issues = [...attachments.issues, ...missingFiles(procedure, attachments.files, 'body.components')];
  if (issues.length) {
    // A retry of a submission that went through finds its files used: answer as the first time.
    const earlier = issues.some((issue) => issue.code === 'already_used')
      ? await completedResponse<SubmissionReceipt>(principal.sub, idempotencyKey, requestHash)
      : undefined;
    if (earlier) return { receipt: earlier, replayed: true };
    throw invalid({ vi: 'Tệp đính kèm chưa hợp lệ.', en: 'The attached files are not acceptable.' }, issues);
  }
  const claimed = await claim<SubmissionReceipt>(principal.sub, idempotencyKey, requestHash, now);
  if (claimed.kind === 'replay') return { receipt: claimed.response, replayed: true };

  const sequence = await nextSequence(procedure.receivingUnit, codeDay(now), now);
  const code = dossierCode(procedure.receivingUnit, now, sequence);
  const actor: Actor = { sub: principal.sub, role: 'citizen' };
  const dossier: DossierRecord = {
    code,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    ownerSub: principal.sub,
    receivingUnit: procedure.receivingUnit,
    currentUnit: procedure.receivingUnit,
    units: [procedure.receivingUnit],
    state: 1,
    sub: 'none',
    version: 1,
    submittedAt: now.toISOString(),
    pausedDays: 0,
    supplementRequests: 0,
    hops: [],
    clock: {
      processingDays: procedure.processingDays,
      ...(procedure.cutoffHour === undefined ? {} : { cutoffHour: procedure.cutoffHour }),
    },
    eventCount: 0,
    lastEventHash: '',
    digitisation: {
      components: procedure.components
        .filter(
          (component) =>
            component.needsDigitised &&
            submission.components.some((given) => given.componentId === component.id),
        )
        .every((component) => (attachments.files[component.id]?.length ?? 0) > 0),
      result: false,
    },
  };
  const { event, chain } = submissionEvent(dossier, actor, randomUUID());
  const record = { ...dossier, ...chain };
  const signed = {
    code,
    state: record.state,
    stateName: STATE_NAMES[record.state],
    procedureCode: procedure.code,
    procedureName: procedure.name,
    receivingUnit: procedure.receivingUnit,
    submittedAt: record.submittedAt,
    components: submission.components.map(({ componentId }) => ({
      componentId,
      files: (attachments.files[componentId] ?? []).map(({ uploadId, fileName, size, sha256 }) => ({
        uploadId,
        fileName,
        size,
        sha256,
      })),
    })),
  };
  const receipt: SubmissionReceipt = { ...signed, proof: await signReceipt(signed) };
  const application: Application = {
    applicant: submission.applicant,
    formData: submission.formData,
    components: submission.components.map((component) => ({
      ...component,
      files: attachments.files[component.componentId] ?? [],
    })),
    delivery: submission.delivery,
  };
  try {
    await createDossier(record, { ...application, receiptProof: receipt.proof }, event, [
      completion(principal.sub, idempotencyKey, requestHash, receipt),
      ...attachments.uploadIds.map((id) => useUpload(id, code)),
    ]);
  } catch (error) {
    await release(principal.sub, idempotencyKey);
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    throw new DomainError('conflict', {
      vi: 'Một tệp đính kèm vừa được dùng cho hồ sơ khác; hãy tải lại tệp.',
      en: 'An attached file was used by another dossier meanwhile; upload it again.',
    });
  }
  return { receipt, replayed: false };
}

function checkApplication(submission: Submission, procedure: Procedure): void {
  const issues: FieldIssue[] = [];
  const form = formSchema(procedure.formFields).safeParse(submission.formData);
  if (!form.success) issues.push(...fieldIssues(form.error, 'body.formData'));
  const declared = new Set(procedure.components.map((component) => component.id));
  submission.components.forEach((component, index) => {
    if (!declared.has(component.componentId)) {
      issues.push({
        path: `body.components[${index}].componentId`,
        code: 'unknown_component',
        message: { vi: 'thủ tục không có thành phần này', en: 'not a component of this procedure' },
      });
    }
  });
  const given = new Set(submission.components.map((component) => component.componentId));
  for (const component of procedure.components.filter(
    (candidate) => candidate.mandatory && !given.has(candidate.id),
  )) {
    issues.push({
      path: 'body.components',
      code: 'missing_component',
      message: {
        vi: `thiếu thành phần bắt buộc: ${component.name}`,
        en: `mandatory component missing: ${component.id}`,
      },
    });
  }
  if (issues.length) {
    throw invalid(
      { vi: 'Hồ sơ chưa hợp lệ với thủ tục.', en: 'The application does not fit the procedure.' },
      issues,
    );
  }
}

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

/** A dossier the caller may read (else 404, whether it exists or not). */
export async function readDossier(code: string, principal: Principal): Promise<DossierRecord> {
  const dossier = await getDossier(code);
  if (!dossier) throw notFound({ vi: `Không tìm thấy hồ sơ ${code}.`, en: `No dossier ${code}.` });
  assertCanRead(dossier, actorOf(principal));
  return dossier;
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
  if (command.action === 'transfer' && command.toUnit) await assertReceivingUnit(command.toUnit);
  const files = await filesOf(dossier, command, principal);
  const actor = actorOf(principal);
  const change = transition(dossier, command, {
    now,
    seq: dossier.eventCount + 1,
    actor,
    calendar: await workingCalendar(),
    clock: dossier.clock,
  });
  const { event, chain } = transitionEvent(dossier, change, command, actor, now, randomUUID());
  const next: DossierRecord = { ...(change.dossier as DossierRecord), ...chain, ...files.changes };
  await saveTransition(
    next,
    dossier.version,
    event,
    files.uploadIds.map((id) => useUpload(id, code)),
  );
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

export async function historyOf(code: string, principal: Principal) {
  await readDossier(code, principal);
  const events = await listHistory(code);
  return { events, verification: verifyChain(events as unknown as Parameters<typeof verifyChain>[0]) };
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

/** Hồ sơ của đơn vị: an officer reads the inbox of their own unit only. */
export async function unitInbox(
  unitCode: string,
  filter: { state?: number; dueBefore?: string },
  page: { limit: number; cursor?: string },
  principal: Principal,
) {
  if (principal.unit !== unitCode) {
    throw new DomainError('forbidden', {
      vi: 'Cán bộ chỉ xem hồ sơ của đơn vị mình.',
      en: "Officers see their own unit's inbox only.",
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
