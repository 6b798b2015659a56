import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { DeskSubmissionBody, SubmitDossierBody } from '../api/submission.ts';
import { competentUnit, mayReceive, type Procedure } from '../domain/catalog.ts';
import { type Actor, STATE_NAMES } from '../domain/dossier.ts';
import { codeDay, dossierCode } from '../domain/dossier-code.ts';
import { submissionEvent } from '../domain/dossier-events.ts';
import { DomainError, type FieldIssue, invalid, invalidField } from '../domain/errors.ts';
import { canonicalJson } from '../domain/history.ts';
import {
  applicationHash,
  deskFiler,
  type Filer,
  filerOf,
  lookupSecret,
  type ReceiptComponent,
  receiptClaims,
} from '../domain/submission.ts';
import type { Principal } from '../http/principal.ts';
import { count } from '../observability.ts';
import { getUnits, recentProcedure } from '../persistence/catalog.ts';
import type { TransactPart } from '../persistence/client.ts';
import {
  type Application,
  createDossier,
  type DossierRecord,
  nextSequence,
} from '../persistence/dossiers.ts';
import { claim, completedResponse, completion, release } from '../persistence/idempotency.ts';
import { useUpload } from '../persistence/uploads.ts';
import { formSchema } from '../schemas/form.ts';
import { fieldIssues } from '../schemas/issues.ts';
import { signReceipt } from '../signing/receipts.ts';
import { type Attachments, missingFiles, resolveAttachments } from './attachments.ts';

type Submission = z.output<typeof SubmitDossierBody>;

export interface SubmissionReceipt {
  code: string;
  state: number;
  stateName: string;
  procedureCode: string;
  procedureName: string;
  receivingUnit: string;
  submittedAt: string;
  components: ReceiptComponent[];
  /** Mã tra cứu: with the code, what the public look-up asks for. */
  lookupSecret: string;
  /** Compact JWS (EdDSA) over the receipt's claims: the signed proof of submission. */
  proof: string;
}

/**
 * Nộp hồ sơ. The input is checked against the procedure before anything is claimed, so the
 * same body under the same key always gets the same answer; the dossier, its first event,
 * the application and the completed idempotency record are written in one transaction.
 * Once the key is claimed, any failure gives it up again, so that a retry need not wait.
 */
export async function submitDossier(
  submission: Submission,
  principal: Principal,
  idempotencyKey: string,
  now: Date,
): Promise<{ receipt: SubmissionReceipt; replayed: boolean }> {
  const procedure = await procedureOf(submission, now);
  checkApplication(submission, procedure);
  const filer = filerFor(submission, principal);
  return submitOnce(submission, procedure, filer, principal, idempotencyKey, now, {
    ownerSub: principal.sub,
    actor: { sub: principal.sub, role: 'citizen' },
  });
}

type DeskSubmission = z.output<typeof DeskSubmissionBody>;

/**
 * Tiếp nhận trực tiếp, or by post: an officer of the unit that receives the procedure files the
 * application at the desk for the applicant, with the checks and idempotency of an online
 * submission. The officer is the filer and the history's actor; no account owns the dossier:
 * the applicant follows it with the receipt's code and look-up secret.
 */
export async function submitAtDesk(
  submission: DeskSubmission,
  principal: Principal,
  idempotencyKey: string,
  now: Date,
): Promise<{ receipt: SubmissionReceipt; replayed: boolean }> {
  const procedure = await procedureOf(submission, now);
  const unit = principal.unit!;
  const desk = (await getUnits([unit])).get(unit);
  if (!desk || !mayReceive(procedure, desk))
    throw new DomainError('not-received-here', {
      vi: procedure.anyCentre
        ? `Thủ tục ${procedure.code} do trung tâm phục vụ hành chính công hoặc bộ phận một cửa cấp xã tiếp nhận; đơn vị ${unit} không có bộ phận một cửa.`
        : `Thủ tục ${procedure.code} do đơn vị ${procedure.receivingUnit} tiếp nhận, không phải đơn vị ${unit}.`,
      en: procedure.anyCentre
        ? `Procedure ${procedure.code} is received at any one-stop centre or commune desk; unit ${unit} has no one-stop desk.`
        : `Procedure ${procedure.code} is received by unit ${procedure.receivingUnit}, not by unit ${unit}.`,
    });
  checkApplication(submission, procedure);
  const filer = deskFiler(principal.sub, unit, submission.channel, submission.applicant);
  return submitOnce(submission, procedure, filer, principal, idempotencyKey, now, {
    ownerSub: `desk:${unit}`,
    actor: { sub: principal.sub, role: 'officer', unit },
  });
}

/** Who the dossier belongs to, and who its first history event names. */
interface Filed {
  ownerSub: string;
  actor: Actor;
}

async function submitOnce(
  submission: Submission | DeskSubmission,
  procedure: Procedure,
  filer: Filer,
  principal: Principal,
  idempotencyKey: string,
  now: Date,
  filed: Filed,
): Promise<{ receipt: SubmissionReceipt; replayed: boolean }> {
  const requestHash = createHash('sha256').update(canonicalJson(submission)).digest('hex');
  const attachments = await attachmentsOf(submission, procedure, principal);
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
  try {
    const receipt = await createSubmission(
      submission,
      procedure,
      attachments,
      filer,
      principal,
      filed,
      now,
      (receipt) => [completion(principal.sub, idempotencyKey, requestHash, receipt)],
    );
    return { receipt, replayed: false };
  } catch (error) {
    // Another worker finished this very request after our lock lapsed: its answer stands.
    const earlier = await completedResponse<SubmissionReceipt>(
      principal.sub,
      idempotencyKey,
      requestHash,
    ).catch(() => undefined);
    if (earlier) return { receipt: earlier, replayed: true };
    await release(principal.sub, idempotencyKey);
    throw error;
  }
}

/** A dossier to file, however it came: its application, who owns and filed it, its files. */
export interface Filing {
  /** The procedure's text now, with its version in the catalogue: the dossier is judged by it. */
  procedure: Procedure & { version?: number };
  application: Omit<Application, 'lookupSecret' | 'receiptProof'>;
  ownerSub: string;
  actor: Actor;
  /** Upload records the filing uses up, in the same transaction. */
  uploadIds: string[];
  /** Another channel's code for the dossier, when it came from one. */
  channel?: { integrator: string; reference: string };
}

async function createSubmission(
  submission: Submission | DeskSubmission,
  procedure: Procedure,
  attachments: Attachments,
  filer: Filer,
  principal: Principal,
  filed: Filed,
  now: Date,
  completed: (receipt: SubmissionReceipt) => TransactPart[],
): Promise<SubmissionReceipt> {
  const filing: Filing = {
    procedure,
    application: {
      applicant: submission.applicant,
      formData: submission.formData,
      components: submission.components.map((component) => ({
        ...component,
        files: attachments.files[component.componentId] ?? [],
      })),
      delivery: submission.delivery,
      filer,
      // The filer's own contacts, as their issuer verified them: never an officer's at a desk.
      ...(filed.actor.role === 'citizen' ? { verifiedContacts: principal.verifiedContacts } : {}),
    },
    ...filed,
    uploadIds: attachments.uploadIds,
  };
  return fileDossier(filing, now, completed);
}

/**
 * Files a dossier: its code, its first history event, the application with its look-up
 * secret and the signed receipt, written in one transaction with the completed idempotency
 * record and the uploads it uses up.
 */
export async function fileDossier(
  filing: Filing,
  now: Date,
  /** The writes that record the answer (the idempotency record), in the same transaction. */
  completed: (receipt: SubmissionReceipt) => TransactPart[],
): Promise<SubmissionReceipt> {
  const { procedure } = filing;
  const receivingUnit = receivingUnitOf(filing);
  const sequence = await nextSequence(receivingUnit, codeDay(now), now);
  const code = dossierCode(receivingUnit, now, sequence);
  const components: ReceiptComponent[] = filing.application.components.map(({ componentId, files }) => ({
    componentId,
    files: files.map(({ uploadId, fileName, size, sha256 }) => ({ uploadId, fileName, size, sha256 })),
  }));
  const application: Application = { ...filing.application, lookupSecret: lookupSecret(randomBytes(8)) };
  const hash = applicationHash(application);
  const dossier = newDossier(code, procedure, filing, now);
  const atDesk = filing.application.filer?.atDesk?.channel;
  const { event, chain } = submissionEvent(dossier, filing.actor, randomUUID(), hash, {
    atDesk,
    filesToFetch: addressedFiles(filing).length,
  });
  const claims = receiptClaims({ ...dossier, procedureCode: procedure.code }, components, hash);
  const receipt: SubmissionReceipt = {
    code,
    state: dossier.state,
    stateName: STATE_NAMES[dossier.state],
    procedureCode: procedure.code,
    procedureName: procedure.name,
    receivingUnit,
    submittedAt: dossier.submittedAt,
    components,
    lookupSecret: application.lookupSecret!,
    proof: await signReceipt(claims),
  };
  await createDossier({ ...dossier, ...chain }, { ...application, receiptProof: receipt.proof }, event, [
    ...completed(receipt),
    ...filing.uploadIds.map((id) => useUpload(id, code)),
  ]);
  count(
    'DossiersSubmitted',
    filing.channel ? { channel: 'integrator' } : atDesk ? { channel: `desk-${atDesk}` } : {},
  );
  return receipt;
}

/** The unit that receives the dossier: the desk it was filed at, else the procedure's receiving unit. */
const receivingUnitOf = (filing: Filing): string =>
  filing.application.filer?.atDesk?.unit ?? filing.procedure.receivingUnit;

/** The unit competent to decide it, when the routing rule names another than the one receiving it. */
function routedTo(procedure: Procedure, filing: Filing): { competentUnit?: string } {
  const competent = competentUnit(procedure, filing.application.formData);
  return competent && competent !== receivingUnitOf(filing) ? { competentUnit: competent } : {};
}

/** The files another channel named by address: fetched into quarantine before the dossier is received. */
const addressedFiles = (filing: Filing) =>
  filing.channel
    ? filing.application.components.flatMap(({ files }) => files.filter((file) => file.url))
    : [];

function newDossier(code: string, procedure: Filing['procedure'], filing: Filing, now: Date): DossierRecord {
  const given = filing.application.components;
  return {
    code,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    ownerSub: filing.ownerSub,
    ...(procedure.version === undefined ? {} : { procedureVersion: procedure.version }),
    receivingUnit: receivingUnitOf(filing),
    currentUnit: receivingUnitOf(filing),
    units: [receivingUnitOf(filing)],
    ...routedTo(procedure, filing),
    state: 1,
    sub: addressedFiles(filing).length > 0 ? 'receiving-files' : 'none',
    version: 1,
    submittedAt: now.toISOString(),
    pausedDays: 0,
    supplementRequests: 0,
    hops: [],
    clock: {
      processingDays: procedure.processingDays,
      ...(procedure.cutoffHour === undefined ? {} : { cutoffHour: procedure.cutoffHour }),
      ...(procedure.extensions ? { extensions: procedure.extensions } : {}),
    },
    eventCount: 0,
    lastEventHash: '',
    ...(filing.channel ? { channel: filing.channel } : {}),
    ...(filing.application.filer?.atDesk ? { filedAtDesk: filing.application.filer.atDesk.channel } : {}),
    digitisation: {
      components: procedure.components
        .filter(
          (component) => component.needsDigitised && given.some((one) => one.componentId === component.id),
        )
        .every((component) => given.some((one) => one.componentId === component.id && one.files.length > 0)),
      result: false,
    },
  };
}

async function procedureOf(submission: Submission, now: Date): Promise<Procedure> {
  const procedure = await recentProcedure(submission.procedureCode, now);
  if (procedure) return procedure;
  throw invalidField('body.procedureCode', 'unknown_procedure', {
    vi: 'Thủ tục không có trong danh mục.',
    en: 'The procedure is not in the catalog.',
  });
}

function attachmentsOf(submission: Submission, procedure: Procedure, principal: Principal) {
  return resolveAttachments(
    submission.components,
    principal.sub,
    (componentId) => ({ kind: 'component', procedureCode: procedure.code, componentId }),
    (index, at) => `body.components[${index}].uploadIds[${at}]`,
  );
}

const FILER_MESSAGES = {
  identity_mismatch: {
    vi: 'Họ tên người nộp khác họ tên đã được xác thực của tài khoản.',
    en: "The applicant's name differs from the account's verified name.",
  },
  required: {
    vi: 'Nộp hồ sơ cho người khác phải nêu rõ (onBehalfOf) và quan hệ với người đó.',
    en: 'Filing for someone else must say so (onBehalfOf) with the relationship.',
  },
  not_on_behalf: {
    vi: 'Người nộp chính là người có hồ sơ; không phải nộp thay.',
    en: 'The applicant is the account holder: this is not filing on behalf.',
  },
};

/** Who files: the identity the token vouches for, for themself or on someone's behalf. */
function filerFor(submission: Submission, principal: Principal): Filer {
  const filer = filerOf(principal.sub, submission.applicant, principal.identity, submission.onBehalfOf);
  if ('sub' in filer) return filer;
  throw invalidField(filer.path, filer.code, FILER_MESSAGES[filer.code]);
}

/** The form and the components against the procedure: each named one declared, each mandatory one given. */
export function checkApplication(
  submission: Pick<Submission, 'formData' | 'components'>,
  procedure: Procedure,
  paths: { formData: string; component: (index: number) => string; components: string } = {
    formData: 'body.formData',
    component: (index) => `body.components[${index}].componentId`,
    components: 'body.components',
  },
): void {
  const issues: FieldIssue[] = [];
  const form = formSchema(procedure.formFields).safeParse(submission.formData);
  if (!form.success) issues.push(...fieldIssues(form.error, paths.formData));
  const declared = new Set(procedure.components.map((component) => component.id));
  submission.components.forEach((component, index) => {
    if (!declared.has(component.componentId)) {
      issues.push({
        path: paths.component(index),
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
      path: paths.components,
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
