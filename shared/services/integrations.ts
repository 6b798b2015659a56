import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { ChannelSubmissionBody, ExternalStepBody, PaymentBody } from '../api/integrations.ts';
import { transition } from '../domain/dossier.ts';
import { integratorActor, sideEvent, transitionEvent } from '../domain/dossier-events.ts';
import { DomainError, notFound, staleVersion } from '../domain/errors.ts';
import { canonicalJson } from '../domain/history.ts';
import { type Integrator, withinLimits } from '../domain/integrators.ts';
import {
  assertPaidAtPlausible,
  type PaymentConfirmation,
  paymentRefusal,
  settle,
} from '../domain/payments.ts';
import { count } from '../observability.ts';
import { workingCalendar } from '../persistence/calendar.ts';
import { getUnits } from '../persistence/catalog.ts';
import {
  type AttachedFileRecord,
  type DossierRecord,
  getDossier,
  saveTransition,
} from '../persistence/dossiers.ts';
import { claim, completedResponse, completion, release } from '../persistence/idempotency.ts';
import { getPayment, keepForReview, type PaymentRecord, recordPayment } from '../persistence/payments.ts';

/**
 * What integrators do to dossiers: report a sector system's step on a dossier at its unit,
 * confirm a fee paid (filing a dossier is `channel-submissions.ts`, which signs receipts).
 * Each is idempotent by the integrator's own identifier (an Idempotency-Key, the
 * transaction id), and limited to the procedures and units the integrator was granted.
 */

type ChannelSubmission = z.output<typeof ChannelSubmissionBody>;
type ExternalStep = z.output<typeof ExternalStepBody>;
type Payment = z.output<typeof PaymentBody>;

export const hashOf = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');
export const scopeOf = (integrator: Integrator) => `integrator#${integrator.id}`;

type ChannelFile = ChannelSubmission['TaiLieuNop'][number]['TepDinhKem'][number];

/** A file the other system holds: recorded by name, size, checksum and where it is served. */
export const channelFile = (file: ChannelFile, id: string): AttachedFileRecord => ({
  uploadId: `channel:${id}`,
  fileName: file.TenTepDinhKem,
  contentType: 'application/octet-stream',
  size: file.KichThuoc,
  sha256: file.MaBamSHA256,
  url: file.DuongDanTaiTepTin,
});

export const outsideLimits = () =>
  new DomainError('scope-denied', {
    vi: 'Thủ tục hoặc đơn vị này nằm ngoài phạm vi được cấp cho hệ thống.',
    en: 'This procedure or unit is outside what the integrator was granted.',
  });

const noDossier = (code: string) =>
  notFound({ vi: `Không tìm thấy hồ sơ ${code}.`, en: `No dossier ${code}.` });

/**
 * A sector system's step on a dossier at its unit (a unit outside the deployment that the
 * integrator answers for): progress is recorded in the history; a result sends the dossier
 * back to the unit that transferred it, as a hop that lands with its signed receipt, with
 * the result's files (held by the sector system) attached.
 */
export async function reportExternalStep(
  code: string,
  step: ExternalStep,
  integrator: Integrator,
  idempotencyKey: string,
  now: Date,
) {
  const requestHash = hashOf({ code, step });
  const claimed = await claim<ExternalStepAnswer>(scopeOf(integrator), idempotencyKey, requestHash, now);
  if (claimed.kind === 'replay') return { answer: claimed.response, replayed: true };
  try {
    const answer = await applyExternalStep(code, step, integrator, now, (reply) =>
      completion(scopeOf(integrator), idempotencyKey, requestHash, reply),
    );
    return { answer, replayed: false };
  } catch (error) {
    const earlier = await completedResponse<ExternalStepAnswer>(
      scopeOf(integrator),
      idempotencyKey,
      requestHash,
    ).catch(() => undefined);
    if (earlier) return { answer: earlier, replayed: true };
    await release(scopeOf(integrator), idempotencyKey);
    throw error;
  }
}

interface ExternalStepAnswer {
  code: string;
  step: 'externalProgress' | 'returnFromTransfer';
  version: number;
  currentUnit: string;
  returningTo?: string;
}

async function applyExternalStep(
  code: string,
  step: ExternalStep,
  integrator: Integrator,
  now: Date,
  completed: (answer: ExternalStepAnswer) => ReturnType<typeof completion>,
): Promise<ExternalStepAnswer> {
  const dossier = await getDossier(code);
  const unit = dossier?.currentUnit;
  const answersFor = unit === integrator.unit || (unit !== undefined && integrator.units?.includes(unit));
  if (!(dossier && answersFor && withinLimits(integrator, dossier))) throw noDossier(code);
  const external = (await getUnits([dossier.currentUnit])).get(dossier.currentUnit)?.external === true;
  const landed = dossier.hops.at(-1);
  if (!(external && landed?.toUnit === dossier.currentUnit && landed.status === 'queued-external'))
    throw new DomainError('action-not-allowed-in-state', {
      vi: 'Hồ sơ không chờ đơn vị ngoài hệ thống xử lý.',
      en: 'The dossier is not waiting for a unit outside the deployment.',
    });
  const handledBy = {
    NguoiXuLy: step.NguoiXuLy,
    ...(step.ChucDanh ? { ChucDanh: step.ChucDanh } : {}),
    ...(step.PhongBanXuLy ? { PhongBanXuLy: step.PhongBanXuLy } : {}),
  };
  if (!step.KetQua) {
    const next: DossierRecord = { ...dossier, version: dossier.version + 1 };
    const { event, chain } = sideEvent(
      'externalProgress',
      dossier,
      next,
      integratorActor(integrator.id),
      now,
      randomUUID(),
      {
        ...handledBy,
        note: step.NoiDungXuLy,
      },
    );
    const answer = {
      code,
      step: 'externalProgress' as const,
      version: next.version,
      currentUnit: next.currentUnit,
    };
    await saveTransition({ ...next, ...chain }, dossier.version, event, [completed(answer)]);
    count('ExternalSteps', { step: 'progress' });
    return answer;
  }
  return returnResult(dossier, step, handledBy, integrator, now, completed);
}

async function returnResult(
  dossier: DossierRecord,
  step: ExternalStep,
  handledBy: Record<string, string>,
  integrator: Integrator,
  now: Date,
  completed: (answer: ExternalStepAnswer) => ReturnType<typeof completion>,
): Promise<ExternalStepAnswer> {
  const result = step.KetQua!;
  // The integrator acts as its unit's officer would: the same rule sends the hop back.
  const actor = { sub: `integrator:${integrator.id}`, role: 'officer' as const, unit: dossier.currentUnit };
  const command = { action: 'returnFromTransfer' as const, note: step.NoiDungXuLy };
  const change = transition(dossier, command, {
    now,
    seq: dossier.eventCount + 1,
    actor,
    calendar: await workingCalendar(),
    clock: dossier.clock,
  });
  const files = result.DanhSachGiayToKetQua.map((file, index) =>
    channelFile(file, `${dossier.code}/result/${dossier.eventCount + 1}/${index + 1}`),
  );
  const returned = {
    unit: dossier.currentUnit,
    at: now.toISOString(),
    summary: result.TomTat,
    files,
  };
  const { event, chain } = transitionEvent(
    dossier,
    change,
    { ...command, ...handledBy, result: { summary: result.TomTat, files } } as typeof command,
    actor,
    now,
    randomUUID(),
  );
  const next: DossierRecord = {
    ...(change.dossier as DossierRecord),
    ...chain,
    externalResults: [...(dossier.externalResults ?? []), returned],
  };
  const answer = {
    code: dossier.code,
    step: 'returnFromTransfer' as const,
    version: next.version,
    currentUnit: next.currentUnit,
    returningTo: change.toUnit,
  };
  await saveTransition(next, dossier.version, event, [completed(answer)]);
  count('ExternalSteps', { step: 'result' });
  return answer;
}

/**
 * A payment platform's confirmation. A dossier waiting for exactly that fee moves on to
 * processing; a confirmation for an unknown dossier, one not waiting, or another amount is
 * kept for review and refused (422). The same transaction id again changes nothing and is
 * answered as the first time; with other figures it is refused (422).
 */
export async function confirmPayment(
  payment: Payment,
  integrator: Integrator,
  now: Date,
): Promise<PaymentRecord> {
  assertPaidAtPlausible(payment.paidAt, now);
  const requestHash = hashOf(payment);
  const earlier = await knownPayment(integrator, payment.transactionId, requestHash);
  if (earlier) return earlier;
  const found = await getDossier(payment.dossierCode);
  const dossier = found && withinLimits(integrator, found) ? found : undefined;
  const record: PaymentRecord = {
    ...confirmationOf(payment),
    integrator: integrator.id,
    status: 'accepted',
    receivedAt: now.toISOString(),
    requestHash,
  };
  const reason = paymentRefusal(dossier, payment);
  if (reason) {
    const kept = { ...record, status: 'review' as const, reason };
    if (!(await keepForReview(kept)))
      return recorded(await knownPayment(integrator, payment.transactionId, requestHash));
    count('Payments', { outcome: 'review', reason });
    return refused(kept);
  }
  const next: DossierRecord = settle(dossier!, record);
  const { event, chain } = sideEvent(
    'paymentConfirmed',
    dossier!,
    next,
    integratorActor(integrator.id),
    now,
    randomUUID(),
    {
      transactionId: payment.transactionId,
      paymentOrderId: payment.paymentOrderId,
      amount: payment.amount,
      paidAt: payment.paidAt,
    },
  );
  try {
    await saveTransition({ ...next, ...chain }, dossier!.version, event, [
      // Recorded meanwhile: the same confirmation sent twice at once. Answered below.
      recordPayment(record, staleVersion),
    ]);
  } catch (error) {
    const again = await knownPayment(integrator, payment.transactionId, requestHash);
    if (again) return again;
    throw error;
  }
  count('Payments', { outcome: 'accepted' });
  return record;
}

const confirmationOf = ({
  transactionId,
  paymentOrderId,
  dossierCode,
  amount,
  paidAt,
}: Payment): PaymentConfirmation => ({
  transactionId,
  paymentOrderId,
  dossierCode,
  amount,
  paidAt,
});

/** The recorded answer to a transaction id, when it has one: accepted, or refused again. */
async function knownPayment(integrator: Integrator, transactionId: string, requestHash: string) {
  const known = await getPayment(integrator.id, transactionId);
  if (!known) return undefined;
  if (known.requestHash !== requestHash)
    throw new DomainError('idempotency-key-reused', {
      vi: `Giao dịch ${transactionId} đã được báo với số liệu khác.`,
      en: `Transaction ${transactionId} was confirmed with other figures.`,
    });
  return answerOf(known);
}

function answerOf(record: PaymentRecord): PaymentRecord {
  return record.status === 'review' ? refused(record) : record;
}

function recorded(record: PaymentRecord | undefined): PaymentRecord {
  if (!record) throw new Error('a payment recorded a moment ago is gone');
  return record;
}

const REFUSALS = {
  'unknown-dossier': {
    vi: 'Không có hồ sơ này trong phạm vi của hệ thống thanh toán.',
    en: 'No such dossier.',
  },
  'not-awaiting-payment': {
    vi: 'Hồ sơ không chờ nộp phí, lệ phí.',
    en: 'The dossier is not waiting for a fee.',
  },
  'unknown-order': {
    vi: 'Không phải lệnh thanh toán hồ sơ đang chờ nộp.',
    en: 'Not the payment order the dossier is waiting on.',
  },
  'amount-mismatch': { vi: 'Số tiền khác số phí phải nộp.', en: 'The amount is not the fee asked for.' },
};

const REFUSED_FIELD = {
  'unknown-dossier': 'body.dossierCode',
  'not-awaiting-payment': 'body.dossierCode',
  'unknown-order': 'body.paymentOrderId',
  'amount-mismatch': 'body.amount',
} as const;

function refused(record: PaymentRecord): never {
  throw new DomainError(
    'payment-refused',
    {
      vi: `${REFUSALS[record.reason!].vi} Giao dịch ${record.transactionId} được giữ lại để cán bộ xem xét.`,
      en: `${REFUSALS[record.reason!].en} Transaction ${record.transactionId} is kept for an officer to review.`,
    },
    [
      {
        path: REFUSED_FIELD[record.reason!],
        code: record.reason!,
        message: REFUSALS[record.reason!],
      },
    ],
  );
}

export const paymentView = ({ requestHash: _hash, integrator: _integrator, ...view }: PaymentRecord) => view;
