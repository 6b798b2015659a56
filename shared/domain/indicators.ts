import { localDate, type WorkingCalendar } from './calendar.ts';
import { countsOnTime, type Dossier } from './dossier.ts';
import type { DossierEvent } from './dossier-events.ts';
import { CRITERIA, type Criterion, type Verdict } from './ratings.ts';

/**
 * The Decision 766 indicators (Quyết định 766/QĐ-TTg), kept as counters per unit (and each
 * unit above it), per procedure and for the province, per month, quarter and year: each
 * dossier event adds to some of them, once. The figures shown are worked out from the
 * counters; nothing reads dossiers to show them. Pure.
 */
export const COUNTERS = [
  'received',
  'online',
  'digitised',
  'resolved',
  'onTime',
  'late',
  'handlingDays',
  'extended',
  'supplementRequested',
  'withdrawn',
  'refused',
  'electronicResults',
  'feesRequested',
  'paidOnline',
  'ratings',
  'ratingPoints',
  'khongHaiLong',
  'haiLong',
  'ratHaiLong',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export const zeroCounts = (): Counts => Object.fromEntries(COUNTERS.map((name) => [name, 0])) as Counts;

/** A period as its counters are keyed: `2026-11`, `2026-Q4`, `2026`. */
export type Period = string;

/** The month, quarter and year an instant falls in, in Vietnam. */
export function periodsOf(iso: string): Period[] {
  const day = localDate(new Date(iso));
  const [year, month] = day.split('-') as [string, string];
  return [`${year}-${month}`, `${year}-Q${Math.ceil(Number(month) / 3)}`, year];
}

export const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/;

/** What an event adds to: whose counters (the dossier's receiving unit and its procedure) and by how much. */
export interface DossierFacts {
  procedureCode: string;
  receivingUnit: string;
  /** Số hóa: the components that need a digitised copy had one. */
  digitised: boolean;
  /** As the dossier ended (for an event that ended it). */
  ended?: Pick<Dossier, 'timeliness' | 'supplementRequests' | 'receivedAt' | 'endedAt' | 'pausedDays'>;
}

const VERDICT_COUNTERS: Record<Verdict, Counter> = {
  'khong-hai-long': 'khongHaiLong',
  'hai-long': 'haiLong',
  'rat-hai-long': 'ratHaiLong',
};

const pointsOf = (criteria: Record<Criterion, number>) =>
  CRITERIA.reduce((sum, criterion) => sum + (criteria[criterion] ?? 0), 0);

/** The working days from reception to the end, the supplement pauses left out. */
export function handlingDays(ended: NonNullable<DossierFacts['ended']>, calendar: WorkingCalendar): number {
  if (!(ended.receivedAt && ended.endedAt)) return 0;
  const days = calendar.workingDaysBetween(
    localDate(new Date(ended.receivedAt)),
    localDate(new Date(ended.endedAt)),
  );
  return Math.max(0, days - ended.pausedDays);
}

/** How one event changes the counters (nothing for most steps). */
export function countsFor(
  event: Pick<DossierEvent, 'type' | 'data'>,
  facts: DossierFacts,
  calendar: WorkingCalendar,
): Partial<Counts> {
  const data = event.data as {
    resultUploadIds?: string[];
    verdict?: Verdict;
    criteria?: Record<Criterion, number>;
    replaces?: { verdict: Verdict; criteria: Record<Criterion, number> };
  };
  switch (event.type) {
    case 'submit':
      return { received: 1, online: 1, ...(facts.digitised ? { digitised: 1 } : {}) };
    case 'complete':
    case 'stop':
      return resolution(
        facts,
        calendar,
        event.type === 'complete' && (data.resultUploadIds?.length ?? 0) > 0,
      );
    case 'refuse':
      return { refused: 1 };
    case 'withdraw':
      return { withdrawn: 1 };
    case 'extendDeadline':
      return { extended: 1 };
    case 'requestSupplement':
      return { supplementRequested: 1 };
    case 'requestPayment':
      return { feesRequested: 1 };
    case 'paymentConfirmed':
      return { paidOnline: 1 };
    case 'rate':
      return rating(data);
    default:
      return {};
  }
}

function resolution(facts: DossierFacts, calendar: WorkingCalendar, electronic: boolean): Partial<Counts> {
  const ended = facts.ended;
  // Stopped before reception (a withdrawal at state 1) there is no deadline to be on time for.
  if (!ended?.timeliness) return {};
  const onTime = countsOnTime({ ...ended, timeliness: ended.timeliness } as Dossier) === true;
  return {
    resolved: 1,
    ...(onTime ? { onTime: 1 } : { late: 1 }),
    handlingDays: handlingDays(ended, calendar),
    ...(electronic ? { electronicResults: 1 } : {}),
  };
}

function rating(data: {
  verdict?: Verdict;
  criteria?: Record<Criterion, number>;
  replaces?: { verdict: Verdict; criteria: Record<Criterion, number> };
}): Partial<Counts> {
  if (!(data.verdict && data.criteria)) return {};
  const counts: Partial<Counts> = { ratingPoints: pointsOf(data.criteria) };
  counts[VERDICT_COUNTERS[data.verdict]] = 1;
  if (!data.replaces) return { ...counts, ratings: 1 };
  const old = VERDICT_COUNTERS[data.replaces.verdict];
  counts[old] = (counts[old] ?? 0) - 1;
  counts.ratingPoints = (counts.ratingPoints ?? 0) - pointsOf(data.replaces.criteria);
  return Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0));
}

/** Whose counters an event adds to: the unit and every unit above it, the procedure, the province. */
export function scopesOf(facts: DossierFacts, ancestors: readonly string[]): string[] {
  return [
    `UNIT#${facts.receivingUnit}`,
    ...ancestors.map((unit) => `UNIT#${unit}`),
    `PROC#${facts.procedureCode}`,
    'PROVINCE',
  ];
}

/** Adds one set of counts to another (the recomputation's sum, and a test's). */
export function addCounts(into: Counts, more: Partial<Counts>): Counts {
  for (const [name, value] of Object.entries(more)) into[name as Counter] += value ?? 0;
  return into;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : undefined);
const percent = (value: number | undefined) =>
  value === undefined ? undefined : Math.round(value * 1000) / 10;

/**
 * The figures shown, from the counters: shares in percent (one decimal), the average handling
 * time in working days, and satisfaction = 100% − (late % + % not satisfied), as the
 * decision defines it. A share of nothing is left out rather than shown as 0.
 */
export function figures(counts: Counts) {
  const latePercent = share(counts.late, counts.resolved);
  const unhappy = share(counts.khongHaiLong, counts.ratings);
  const satisfaction =
    latePercent === undefined && unhappy === undefined
      ? undefined
      : Math.max(0, 1 - (latePercent ?? 0) - (unhappy ?? 0));
  return {
    onlineShare: percent(share(counts.online, counts.received)),
    onTimeRate: percent(share(counts.onTime, counts.resolved)),
    averageHandlingDays:
      counts.resolved > 0 ? Math.round((counts.handlingDays / counts.resolved) * 10) / 10 : undefined,
    digitisedShare: percent(share(counts.digitised, counts.received)),
    electronicResultShare: percent(share(counts.electronicResults, counts.resolved)),
    onlinePaymentShare: percent(share(counts.paidOnline, counts.feesRequested)),
    averageRatingPoints:
      counts.ratings > 0 ? Math.round((counts.ratingPoints / counts.ratings) * 10) / 10 : undefined,
    satisfaction: percent(satisfaction),
  };
}
