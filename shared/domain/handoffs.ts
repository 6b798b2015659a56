import { addDays, atLocal, localDate, type WorkingCalendar } from './calendar.ts';
import type { Dossier, Hop, HopFailure } from './dossier.ts';

/**
 * Hand-offs between units (liên thông), once sent: the receiving unit's step deadline and
 * what delivery or failure does to the dossier. Pure: the consumer reads and writes.
 */

/** Office hours of a working day (Asia/Ho_Chi_Minh): 8 working hours, as step allowances count. */
const OFFICE_HOURS: readonly (readonly [number, number])[] = [
  [8, 12],
  [13, 17],
];
export const HOURS_PER_WORKING_DAY = 8;
/** The share of the procedure's total time a step gets when the procedure names none. */
export const DEFAULT_STEP_SHARE = 0.5;
/** No step is given less than half a working day. */
export const MIN_STEP_HOURS = 4;

/** The working hours a receiving unit has for its step. */
export function stepAllowanceHours(
  procedure: { processingDays: number; stepHours?: Readonly<Record<string, number>> },
  unit: string,
): number {
  const configured = procedure.stepHours?.[unit];
  if (configured !== undefined) return configured;
  const share = procedure.processingDays * HOURS_PER_WORKING_DAY * DEFAULT_STEP_SHARE;
  return Math.max(MIN_STEP_HOURS, Math.round(share));
}

/** The instant `hours` office hours after `start`, on the working calendar. */
export function addWorkingHours(start: Date, hours: number, calendar: WorkingCalendar): Date {
  let left = hours * 3600_000;
  let from = start;
  let day = localDate(start);
  for (;;) {
    if (calendar.isWorkingDay(day)) {
      for (const [open, close] of OFFICE_HOURS) {
        const begin = Math.max(from.getTime(), atLocal(day, open).getTime());
        const end = atLocal(day, close).getTime();
        if (begin >= end) continue;
        if (left <= end - begin) return new Date(begin + left);
        left -= end - begin;
      }
    }
    day = calendar.workingDayFrom(addDays(day, 1));
    from = atLocal(day, 0);
  }
}

/**
 * The step's deadline: its allowance counted from the hand-over, never past the dossier's
 * own due date (the unit cannot be given more time than the applicant was promised).
 */
export function stepDueDate(
  receivedAt: Date,
  allowanceHours: number,
  dossierDueAt: string | undefined,
  calendar: WorkingCalendar,
): Date {
  const step = addWorkingHours(receivedAt, allowanceHours, calendar);
  if (!dossierDueAt) return step;
  const due = new Date(dossierDueAt);
  return step.getTime() < due.getTime() ? step : due;
}

/**
 * The hop a hand-off message names, when it still waits: sent and not yet landed, or failed
 * with the sending unit not having acted since (a redriven message may then deliver it).
 * Anything else is a duplicate or overtaken message.
 */
export function pendingHop(dossier: Dossier, seq: number): Hop | undefined {
  const hop = dossier.hops.at(-1);
  if (!hop || hop.seq !== seq) return undefined;
  if (hop.status === 'sent') return hop;
  if (hop.status === 'failed' && dossier.handoffFailure?.seq === seq) return hop;
  return undefined;
}

export interface Delivery {
  at: Date;
  /** The step deadline (transfers). */
  dueAt?: string;
  receipt: string;
  /** A unit outside this deployment: the hop waits for its connector. */
  external: boolean;
}

/** Where a hop leaves the dossier once landed: a routed one belongs to the unit it reached. */
const LANDED_AS: Record<Hop['kind'], Dossier['sub']> = {
  transfer: 'at-receiving-unit',
  return: 'returned-from-transfer',
  route: 'none',
};

/** The dossier with its last hop landed in the receiving unit's inbox. */
export function deliverHop<D extends Dossier>(dossier: D, hop: Hop, delivery: Delivery): D {
  const { failure: _failure, ...sent } = hop;
  const landed: Hop = {
    ...sent,
    status: delivery.external ? 'queued-external' : 'delivered',
    receivedAt: delivery.at.toISOString(),
    ...(delivery.dueAt ? { dueAt: delivery.dueAt } : {}),
    receipt: delivery.receipt,
  };
  const { handoffFailure: _cleared, stepDueAt: _previous, ...rest } = dossier;
  return {
    ...(rest as D),
    currentUnit: hop.toUnit,
    units: dossier.units.includes(hop.toUnit) ? dossier.units : [...dossier.units, hop.toUnit],
    sub: LANDED_AS[hop.kind],
    ...(hop.kind === 'transfer' && delivery.dueAt ? { stepDueAt: delivery.dueAt } : {}),
    hops: [...dossier.hops.slice(0, -1), landed],
    version: dossier.version + 1,
  };
}

/** The dossier back where it stood at the sending unit, flagged for it to act on. */
export function failHop<D extends Dossier>(dossier: D, hop: Hop, reason: HopFailure, at: Date): D {
  const failure = { reason, at: at.toISOString() };
  return {
    ...dossier,
    sub: hop.sentFrom,
    hops: [...dossier.hops.slice(0, -1), { ...hop, status: 'failed', failure }],
    handoffFailure: { seq: hop.seq, toUnit: hop.toUnit, ...failure },
    version: dossier.version + 1,
  };
}

/**
 * What a hop receipt certifies: the hand-over, the dossier as it was handed over (the
 * SHA-256 of its record), and the history up to it (the hash of the event that sent the
 * hop, the head of the hash chain then).
 */
export function hopReceiptClaims(
  dossier: Dossier,
  hop: Hop,
  receivedAt: Date,
  hashes: { stateHash: string; eventHash: string },
) {
  return {
    code: dossier.code,
    hop: hop.seq,
    kind: hop.kind,
    fromUnit: hop.fromUnit,
    sentBy: hop.sentBy,
    sentAt: hop.sentAt,
    toUnit: hop.toUnit,
    receivedAt: receivedAt.toISOString(),
    version: dossier.version,
    ...hashes,
  };
}
