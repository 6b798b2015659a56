import type { Command } from './action-inputs.ts';
import type { Action } from './actions.ts';
import type { WorkingCalendar } from './calendar.ts';
import {
  type Apology,
  type ClockRules,
  dueDate,
  extendDueDate,
  extensionRules,
  pausedWorkingDays,
  type Timeliness,
  timeliness,
} from './deadline.ts';
import { DomainError, invalidField, notFound, type Text } from './errors.ts';
import { noPersonalData, type PersonalData, scrubPersonalData } from './personal-data.ts';

/**
 * A dossier (hồ sơ) and the state machine over the ten national states of the national
 * portal (DVCQG), with the internal sub-states a transfer and a supplement need. Pure:
 * time, the acting person and the calendar come in as arguments.
 */
export type NationalState = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export const STATE_NAMES: Record<NationalState, string> = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
};

/**
 * - `in-transit`: a hand-off (liên thông) was sent and waits for the receiving unit's
 *   inbox (chờ thực hiện liên thông); nobody acts on it until it lands or fails.
 * - `at-receiving-unit`: transferred; only the receiving unit may act.
 * - `returned-from-transfer`: back at the sending unit with the other unit's work.
 * - `supplemented`: the applicant answered a supplement request; awaiting re-reception.
 * - `receiving-files`: filed through another channel that names its files by address; they
 *   are being fetched, checked and scanned, and nobody receives it until each has a verdict.
 */
export type SubState =
  | 'none'
  | 'receiving-files'
  | 'in-transit'
  | 'at-receiving-unit'
  | 'returned-from-transfer'
  | 'supplemented';

export const TERMINAL: readonly NationalState[] = [3, 8, 10];

/** Every move between national states the system makes, and no other. */
// biome-ignore format: one line per source state reads as the table it is
export const EDGES: readonly (readonly [NationalState, NationalState])[] = [
  [1, 2], [1, 3], [1, 5], [1, 7],
  [2, 2], [2, 4], [2, 5], [2, 7], [2, 8],
  [4, 4], [4, 5], [4, 6], [4, 7], [4, 8], [4, 9],
  [5, 5], [5, 2], [5, 3], [5, 4], [5, 7], [5, 8],
  [6, 4], [6, 6], [6, 7], [6, 8],
  [7, 8],
  [9, 10],
];

export interface Actor {
  sub: string;
  role: 'citizen' | 'officer';
  /** The officer's unit. */
  unit?: string;
}

/** A process of the system rather than a person, as history entries name it (the hand-off consumer). */
export interface SystemActor {
  sub: string;
  role: 'system';
}

/**
 * One hand-off between units: a transfer out, or the return of the other unit's work.
 * Sent by an officer's action, delivered (or failed) by the hand-off consumer.
 */
export interface Hop {
  /** The history number of the event that sent it: the hop's identity. */
  seq: number;
  /**
   * A transfer out for another unit's step, the return of its work, or the route of a dossier
   * received at a centre to the unit competent to decide it (reception regardless of
   * administrative boundaries), which then holds it as its own.
   */
  kind: 'transfer' | 'return' | 'route';
  fromUnit: string;
  toUnit: string;
  sentBy: string;
  sentAt: string;
  /** Where the dossier stood before it left, to go back to if the hop fails. */
  sentFrom: SubState;
  status: 'sent' | 'delivered' | 'queued-external' | 'failed';
  receivedAt?: string;
  /** The receiving unit's own deadline for its step (transfers only). */
  dueAt?: string;
  /** Compact JWS of the hand-over: who sent, who received, when, the state's hash. */
  receipt?: string;
  failure?: { reason: HopFailure; at: string };
}

export type HopFailure = 'unknown-unit' | 'disabled-unit';

export interface Dossier {
  code: string;
  procedureCode: string;
  ownerSub: string;
  receivingUnit: string;
  /** The unit whose officers may act now. */
  currentUnit: string;
  /**
   * The unit competent to decide it, by the province's routing rule, when that is not the unit
   * that received it: once received, the dossier goes there as a hand-off with its receipt.
   */
  competentUnit?: string;
  /** Every unit the dossier has been at, for read access. */
  units: string[];
  state: NationalState;
  sub: SubState;
  version: number;
  submittedAt: string;
  /** The procedure's legal time when the dossier was submitted. */
  clock: ClockRules;
  receivedAt?: string;
  /** Ngày hẹn trả: the date promised to the applicant (an extension moves it). */
  dueAt?: string;
  /**
   * The date the law gives: reception plus the procedure's time, moved only by the time a
   * supplement request stopped the clock. Timeliness is judged against it.
   */
  legalDueAt?: string;
  /** Set while a supplement request stops the clock. */
  pausedAt?: string;
  pausedDays: number;
  supplementRequests: number;
  /** The state a supplement request interrupted. */
  resumeState?: NationalState;
  supplementItems?: string[];
  paymentAmount?: number;
  /** The payment order the last fee request issued (`<code>-TT<seq>`): a confirmation cites it. */
  paymentOrder?: string;
  hops: Hop[];
  resultSummary?: string;
  reason?: string;
  endedAt?: string;
  timeliness?: Timeliness;
  /** Times the due date was extended with an apology letter. */
  extensions?: number;
  /** The latest apology letter's public part. */
  apology?: Apology;
  /** The current unit's own deadline while it handles a transferred step. */
  stepDueAt?: string;
  /** A hop that could not be delivered, for the sending unit to act on. */
  handoffFailure?: { seq: number; toUnit: string; reason: HopFailure; at: string };
}

export { type Action, CITIZEN_ACTIONS, OFFICER_ACTIONS } from './actions.ts';

type CommandOf<A extends Action> = Extract<Command, { action: A }>;

export interface Context {
  now: Date;
  /** The history number the transition's event will have (hops are named by it). */
  seq?: number;
  actor: Actor;
  calendar: WorkingCalendar;
  clock: ClockRules;
  /** What the application records of its people, kept out of what goes public (an apology's reason). */
  personal?: PersonalData;
}

/** What a transition records in the history, besides who and when. */
export interface Change {
  dossier: Dossier;
  fromState: NationalState;
  toState: NationalState;
  fromUnit: string;
  toUnit: string;
}

interface Rule<A extends Action> {
  role: Actor['role'];
  /** Whether the action applies to the dossier as it is. */
  when: (dossier: Dossier) => boolean;
  /** What the input must be given the dossier, beyond its schema. */
  check?: (dossier: Dossier, command: CommandOf<A>, context: Context) => void;
  apply: (dossier: Dossier, command: CommandOf<A>, context: Context) => Dossier;
}

const at = (context: Context) => context.now.toISOString();

/** The payment order a fee request issues: the dossier's code and the request's step, `…-TT<seq>`. */
export const paymentOrderId = (code: string, seq: number): string => `${code}-TT${seq}`;
const settled = (dossier: Dossier) =>
  dossier.sub !== 'at-receiving-unit' &&
  dossier.sub !== 'supplemented' &&
  dossier.sub !== 'in-transit' &&
  dossier.sub !== 'receiving-files';

/** The transfer that brought the dossier to the unit that has it. */
const lastTransfer = (d: Dossier): Hop | undefined =>
  d.hops.findLast(
    (hop) => hop.kind === 'transfer' && hop.toUnit === d.currentUnit && hop.status !== 'failed',
  );

function sendHop(d: Dossier, kind: Hop['kind'], toUnit: string, context: Context): Dossier {
  const hop: Hop = {
    seq: context.seq ?? 0,
    kind,
    fromUnit: d.currentUnit,
    toUnit,
    sentBy: context.actor.sub,
    sentAt: at(context),
    sentFrom: d.sub,
    status: 'sent',
  };
  return { ...d, sub: 'in-transit', hops: [...d.hops, hop] };
}

/**
 * The end of processing: stamps the time and how it compares with the legal due date. An
 * extension moves the date promised to the applicant, never the one the dossier is scored
 * against, so a late dossier stays late.
 */
function ended(dossier: Dossier, context: Context): Pick<Dossier, 'endedAt' | 'timeliness'> {
  const legal = dossier.legalDueAt ?? dossier.dueAt;
  const due = legal ? new Date(legal) : undefined;
  return { endedAt: at(context), ...(due ? { timeliness: timeliness(context.now, due) } : {}) };
}

function receive(context: Context): Partial<Dossier> {
  const due = dueDate(context.now, context.clock, context.calendar).toISOString();
  return { state: 2, receivedAt: at(context), dueAt: due, legalDueAt: due };
}

const RULES: { [A in Action]: Rule<A> } = {
  receive: {
    role: 'officer',
    when: (d) => (d.state === 1 && d.sub === 'none') || (d.state === 5 && d.sub === 'supplemented'),
    apply: (d, _c, context) => {
      if (d.state === 1 || d.resumeState === 1) {
        const received: Dossier = { ...d, ...receive(context), sub: 'none', resumeState: undefined };
        const routed = d.competentUnit !== undefined && d.competentUnit !== d.currentUnit;
        return routed ? sendHop(received, 'route', d.competentUnit!, context) : received;
      }
      return {
        ...d,
        state: d.resumeState ?? 4,
        sub: 'none',
        resumeState: undefined,
        supplementItems: undefined,
      };
    },
  },
  refuse: {
    role: 'officer',
    when: (d) =>
      (d.state === 1 && d.sub === 'none') ||
      (d.state === 5 && d.sub === 'supplemented' && d.resumeState === 1),
    apply: (d, c, context) => ({ ...d, state: 3, sub: 'none', reason: c.reason, endedAt: at(context) }),
  },
  startProcessing: {
    role: 'officer',
    when: (d) => d.state === 2,
    apply: (d) => ({ ...d, state: 4, sub: 'none' }),
  },
  requestSupplement: {
    role: 'officer',
    when: (d) => [1, 2, 4].includes(d.state) && settled(d),
    apply: (d, c, context) => ({
      ...d,
      state: 5,
      sub: 'none',
      resumeState: d.state,
      supplementItems: c.items,
      supplementRequests: d.supplementRequests + (d.state === 1 ? 0 : 1),
      ...(d.dueAt ? { pausedAt: at(context) } : {}),
    }),
  },
  supplement: {
    role: 'citizen',
    when: (d) => d.state === 5 && d.sub === 'none',
    apply: (d, _c, context) => {
      if (!d.pausedAt || !d.dueAt) return { ...d, sub: 'supplemented' };
      const paused = pausedWorkingDays(new Date(d.pausedAt), context.now, context.calendar);
      const moved = (due: string) => extendDueDate(new Date(due), paused, context.calendar).toISOString();
      return {
        ...d,
        sub: 'supplemented',
        pausedAt: undefined,
        pausedDays: d.pausedDays + paused,
        dueAt: moved(d.dueAt),
        ...(d.legalDueAt ? { legalDueAt: moved(d.legalDueAt) } : {}),
      };
    },
  },
  requestPayment: {
    role: 'officer',
    // The fee request issues a payment order (payments.ts): what the platform's confirmation cites.
    when: (d) => d.state === 4 && settled(d),
    apply: (d, c, context) => ({
      ...d,
      state: 6,
      sub: 'none',
      paymentAmount: c.amount,
      paymentOrder: paymentOrderId(d.code, context.seq ?? 0),
    }),
  },
  confirmPayment: {
    role: 'officer',
    when: (d) => d.state === 6,
    apply: (d) => ({ ...d, state: 4, sub: 'none' }),
  },
  transfer: {
    role: 'officer',
    when: (d) => d.state === 4 && settled(d),
    check: (d, c) => {
      if (c.toUnit === d.currentUnit) {
        throw invalidField('body.toUnit', 'same_unit', {
          vi: 'Cần đơn vị nhận khác đơn vị hiện tại.',
          en: 'Name another unit to transfer to.',
        });
      }
    },
    apply: (d, c, context) => sendHop(d, 'transfer', c.toUnit, context),
  },
  returnFromTransfer: {
    role: 'officer',
    when: (d) => d.state === 4 && d.sub === 'at-receiving-unit' && lastTransfer(d) !== undefined,
    apply: (d, _c, context) => sendHop(d, 'return', lastTransfer(d)!.fromUnit, context),
  },
  withdraw: {
    role: 'citizen',
    when: (d) => [1, 2, 4, 5, 6].includes(d.state),
    // Withdrawn while its files were still coming, it waits for nothing more.
    apply: (d, c) => ({
      ...d,
      state: 7,
      reason: c.reason,
      ...(d.sub === 'receiving-files' ? { sub: 'none' as const } : {}),
    }),
  },
  stop: {
    role: 'officer',
    // A withdrawal is stopped wherever the dossier is; other stops belong to the unit that sent it.
    when: (d) =>
      d.sub !== 'in-transit' &&
      (d.state === 7 || ([2, 4, 5, 6].includes(d.state) && d.sub !== 'at-receiving-unit')),
    apply: (d, c, context) => ({ ...d, state: 8, sub: 'none', reason: c.reason, ...ended(d, context) }),
  },
  complete: {
    role: 'officer',
    when: (d) => d.state === 4 && settled(d),
    apply: (d, c, context) => ({
      ...d,
      state: 9,
      sub: 'none',
      resultSummary: c.resultSummary,
      ...ended(d, context),
    }),
  },
  returnResult: {
    role: 'officer',
    when: (d) => d.state === 9,
    apply: (d) => ({ ...d, state: 10 }),
  },
  extendDeadline: {
    role: 'officer',
    when: (d) =>
      [2, 4, 5, 6].includes(d.state) &&
      d.dueAt !== undefined &&
      d.sub !== 'at-receiving-unit' &&
      d.sub !== 'in-transit',
    check: checkExtension,
    apply: (d, c, context) => ({
      ...d,
      dueAt: c.newDueAt,
      extensions: (d.extensions ?? 0) + 1,
      reason: c.reason,
      apology: {
        at: at(context),
        category: c.reasonCategory,
        publicReason: scrubPersonalData(c.reason, context.personal ?? noPersonalData()),
        newDueAt: c.newDueAt,
      },
    }),
  },
};

/**
 * Gia hạn: at most the procedure's number of extensions, to a date after the current one and
 * after now, and no further than its allowance of working days past the legal due date.
 */
function checkExtension(d: Dossier, c: CommandOf<'extendDeadline'>, context: Context): void {
  const rules = extensionRules(context.clock);
  if ((d.extensions ?? 0) >= rules.maxTimes) {
    throw new DomainError('extension-limit-reached', {
      vi: `Hồ sơ đã được gia hạn ${d.extensions ?? 0} lần, tối đa ${rules.maxTimes} lần.`,
      en: `The deadline was extended ${d.extensions ?? 0} times; the procedure allows ${rules.maxTimes}.`,
    });
  }
  const legal = new Date(d.legalDueAt ?? d.dueAt!);
  const latest = extendDueDate(legal, rules.maxWorkingDays, context.calendar);
  const wanted = Date.parse(c.newDueAt);
  const current = Date.parse(d.dueAt!);
  if (wanted <= current || wanted <= context.now.getTime() || wanted > latest.getTime()) {
    throw invalidField('body.newDueAt', 'out_of_range', {
      vi: `Ngày hẹn mới phải sau ngày hẹn hiện tại và không muộn hơn ${latest.toISOString()}.`,
      en: `The new due date must come after the current one and no later than ${latest.toISOString()}.`,
    });
  }
}

/** The roles allowed to take an action. */
export const roleFor = (action: Action): Actor['role'] => RULES[action].role;

/** Whether an action applies to the dossier as it is (the roles aside). */
export const allows = (dossier: Dossier, action: Action): boolean => RULES[action].when(dossier);

/**
 * Applies one action. Refuses with a typed error when the caller may not act on the dossier
 * (a citizen who does not own it sees a 404, as if it did not exist), when the dossier is at
 * another unit or in transit, or when the action does not apply to its state.
 */
export function transition(dossier: Dossier, command: Command, context: Context): Change {
  const rule = RULES[command.action] as Rule<Action>;
  authorise(dossier, rule, context.actor);
  if (!allows(dossier, command.action)) {
    // In transit is the reason only when the action would apply once the hop has landed.
    if (dossier.sub === 'in-transit' && allows({ ...dossier, sub: 'none' }, command.action))
      throw inTransit(dossier);
    throw new DomainError('action-not-allowed-in-state', {
      vi: `Không thể "${command.action}" khi hồ sơ ở trạng thái ${dossier.state} (${STATE_NAMES[dossier.state]}).`,
      en: `"${command.action}" does not apply to a dossier in state ${dossier.state} (${dossier.sub}).`,
    });
  }
  rule.check?.(dossier, command, context);
  const applied = { ...rule.apply(dossier, command, context), version: dossier.version + 1 };
  // An officer of the sending unit has acted on a failed hop: the flag has done its work.
  const { handoffFailure: _seen, ...cleared } = applied;
  const next: Dossier = rule.role === 'officer' ? cleared : applied;
  // A hop leaves the dossier where it is until it lands; the history names where it goes.
  const sent = next.sub === 'in-transit' ? next.hops.at(-1) : undefined;
  return {
    dossier: next,
    fromState: dossier.state,
    toState: next.state,
    fromUnit: dossier.currentUnit,
    toUnit: sent?.toUnit ?? next.currentUnit,
  };
}

function authorise(dossier: Dossier, rule: Rule<Action>, actor: Actor): void {
  if (actor.role === 'citizen') {
    if (dossier.ownerSub !== actor.sub) throw notFound(missing(dossier.code));
    if (rule.role !== 'citizen')
      throw forbidden('Chỉ cán bộ được thực hiện thao tác này.', 'Only officers may do this.');
    return;
  }
  if (!actor.unit || !dossier.units.includes(actor.unit)) throw notFound(missing(dossier.code));
  if (rule.role !== 'officer')
    throw forbidden('Chỉ người nộp hồ sơ được thực hiện thao tác này.', 'Only the applicant may do this.');
  if (dossier.currentUnit !== actor.unit) {
    throw new DomainError('dossier-at-another-unit', {
      vi: `Hồ sơ đang ở đơn vị ${dossier.currentUnit}; đơn vị ${actor.unit} chưa thể xử lý.`,
      en: `The dossier is at ${dossier.currentUnit}; ${actor.unit} cannot act on it now.`,
    });
  }
  if (dossier.sub === 'in-transit') throw inTransit(dossier);
}

const inTransit = (dossier: Dossier) => {
  const hop = dossier.hops.at(-1);
  return new DomainError('dossier-at-another-unit', {
    vi: `Hồ sơ đang được chuyển tới đơn vị ${hop?.toUnit ?? ''}; chưa ai xử lý được cho tới khi đến nơi.`,
    en: `The dossier is on its way to ${hop?.toUnit ?? 'another unit'}; nobody acts on it until it lands.`,
  });
};

const missing = (code: string): Text => ({ vi: `Không tìm thấy hồ sơ ${code}.`, en: `No dossier ${code}.` });
const forbidden = (vi: string, en: string) => new DomainError('forbidden', { vi, en });

/** Who may read a dossier: its applicant, and officers of every unit it has been at. Others get 404. */
export function assertCanRead(
  dossier: Dossier,
  reader: { sub: string; role: 'citizen' | 'officer'; unit?: string },
): void {
  const can =
    reader.role === 'citizen'
      ? dossier.ownerSub === reader.sub
      : Boolean(reader.unit && dossier.units.includes(reader.unit));
  if (!can) throw notFound(missing(dossier.code));
}

/** Đúng hạn in the national scoring: ended by the due date, with at most one supplement request. */
export function countsOnTime(dossier: Dossier): boolean | undefined {
  if (!dossier.timeliness) return undefined;
  return dossier.timeliness !== 'late' && dossier.supplementRequests <= 1;
}
