import { localDate, type WorkingCalendar } from './calendar.ts';
import { countsOnTime, type Dossier } from './dossier.ts';
import type { DossierEvent } from './dossier-events.ts';
import type { FeedbackTally } from './feedback.ts';
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
  'feedbackReceived',
  'feedbackAnswered',
  'feedbackOnTime',
  'feedbackPublished',
  'feedbackPublishedOnTime',
  'complaints',
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

/**
 * How a step of feedback changes the counters: received (a complaint when it names a
 * dossier), answered and published, each on time or not.
 */
export function countsForFeedback(
  tally: Pick<FeedbackTally, 'type' | 'onTime' | 'procedureCode'>,
): Partial<Counts> {
  if (tally.type === 'submit')
    return { feedbackReceived: 1, ...(tally.procedureCode ? { complaints: 1 } : {}) };
  if (tally.type === 'answer') return { feedbackAnswered: 1, ...(tally.onTime ? { feedbackOnTime: 1 } : {}) };
  if (tally.type === 'publish')
    return { feedbackPublished: 1, ...(tally.onTime ? { feedbackPublishedOnTime: 1 } : {}) };
  return {};
}

/** Whose counters a step of feedback adds to: the unit that has it and those above it, the dossier's procedure, the province. */
export function feedbackScopesOf(
  tally: Pick<FeedbackTally, 'unit' | 'procedureCode'>,
  ancestors: readonly string[],
): string[] {
  return [
    `UNIT#${tally.unit}`,
    ...ancestors.map((unit) => `UNIT#${unit}`),
    ...(tally.procedureCode ? [`PROC#${tally.procedureCode}`] : []),
    'PROVINCE',
  ];
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
 * time in working days, and satisfaction = 100% − (late % + % of dossiers rated "không hài
 * lòng" or complained about), of the dossiers resolved, as the decision defines it. A share of
 * nothing is left out rather than shown as 0.
 */
export function figures(counts: Counts) {
  const latePercent = share(counts.late, counts.resolved);
  const unhappy = share(counts.khongHaiLong + counts.complaints, counts.resolved);
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
    feedbackOnTimeRate: percent(share(counts.feedbackOnTime, counts.feedbackAnswered)),
    satisfaction: percent(satisfaction),
  };
}

/**
 * The five groups of Decision 766 and their points (100 in all). Each group's score is its
 * points times the mean attainment of the indicators the system measures in it, each
 * indicator's attainment its share against the share that earns full marks (capped at 1):
 * - transparency (18): answers to feedback published within their 2 working days; late
 *   dossiers that had their apology and extension letter;
 * - progress (20): dossiers resolved on time (supplement pauses excluded, a second supplement
 *   request late);
 * - online service (22): dossiers submitted online, full marks at 50%; fees paid online;
 * - digitisation (22): digitised dossiers and electronic results, full marks at 80%;
 * - satisfaction (18): feedback answered on time; satisfaction, full marks at 90%.
 * Within a group the measured indicators weigh the same. An indicator with nothing to measure
 * (no feedback answered, no fee asked) is left out of its group; a group with none has no
 * score, and the total is then out of the points of the groups scored.
 */
export const SCORE_GROUPS = {
  transparency: 18,
  progress: 20,
  online: 22,
  digitisation: 22,
  satisfaction: 18,
} as const;
export type ScoreGroup = keyof typeof SCORE_GROUPS;

const attained = (part: number, whole: number, full = 1) =>
  whole > 0 ? Math.min(1, part / whole / full) : undefined;

function measures(counts: Counts): Record<ScoreGroup, (number | undefined)[]> {
  const satisfaction = figures(counts).satisfaction;
  return {
    transparency: [
      attained(counts.feedbackPublishedOnTime, counts.feedbackPublished),
      attained(Math.min(counts.extended, counts.late), counts.late),
    ],
    progress: [attained(counts.onTime, counts.resolved)],
    online: [
      attained(counts.online, counts.received, 0.5),
      attained(counts.paidOnline, counts.feesRequested),
    ],
    digitisation: [
      attained(counts.digitised, counts.received, 0.8),
      attained(counts.electronicResults, counts.resolved, 0.8),
    ],
    satisfaction: [
      attained(counts.feedbackOnTime, counts.feedbackAnswered),
      satisfaction === undefined ? undefined : Math.min(1, satisfaction / 100 / 0.9),
    ],
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Each group's score and the total, from the counters (see SCORE_GROUPS). */
export function scores(counts: Counts) {
  const measured = measures(counts);
  const groups = Object.fromEntries(
    (Object.keys(SCORE_GROUPS) as ScoreGroup[]).map((group) => {
      const known = measured[group].filter((value): value is number => value !== undefined);
      const score =
        known.length > 0
          ? round2((SCORE_GROUPS[group] * known.reduce((sum, value) => sum + value, 0)) / known.length)
          : undefined;
      return [group, { points: SCORE_GROUPS[group], score }];
    }),
  ) as Record<ScoreGroup, { points: number; score: number | undefined }>;
  const scored = Object.values(groups).filter((group) => group.score !== undefined);
  return {
    groups,
    total: scored.length > 0 ? round2(scored.reduce((sum, group) => sum + group.score!, 0)) : undefined,
    outOf: scored.reduce((sum, group) => sum + group.points, 0),
  };
}
