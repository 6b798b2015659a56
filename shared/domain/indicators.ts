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
  'lateApologised',
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
  'unhappy',
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
  /** Filed at a desk (in person or by post): not in the online share. */
  atDesk?: boolean;
  /** When it was first received (tiếp nhận): the one reception that counts. */
  receivedAt?: string;
  /** As the dossier ended (for an event that ended it). */
  ended?: Pick<
    Dossier,
    'timeliness' | 'supplementRequests' | 'receivedAt' | 'endedAt' | 'pausedDays' | 'extensions'
  >;
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

/**
 * How one event changes the counters (nothing for most steps). A dossier is received when the
 * desk first receives it: not when it is submitted (one refused at the desk is never received),
 * and not again after a supplement.
 */
export function countsFor(
  event: Pick<DossierEvent, 'type' | 'data' | 'at'>,
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
    case 'receive':
      return facts.receivedAt === event.at
        ? {
            received: 1,
            ...(facts.atDesk ? {} : { online: 1 }),
            ...(facts.digitised ? { digitised: 1 } : {}),
          }
        : {};
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
  // The letter came before the end (an ended dossier is not extended), so the dossier as it is tells.
  const apologised = !onTime && (ended.extensions ?? 0) > 0;
  return {
    resolved: 1,
    ...(onTime ? { onTime: 1 } : { late: 1 }),
    ...(apologised ? { lateApologised: 1 } : {}),
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

/** Counts for one scope's counter of one period. */
export interface ScopedCounts {
  scope: string;
  period: Period;
  counts: Partial<Counts>;
}

/**
 * What the counters keep of one dossier, so that it counts once however many events name it:
 * where its resolution was counted, its latest rating, whether feedback named it.
 */
export interface DossierMarks {
  resolved?: { scopes: string[]; periods: Period[] };
  /** The latest rating: the history number orders ratings that arrive out of order. */
  rating?: { seq: number; disliked: boolean };
  complained?: boolean;
}

/** What one event tells of a dossier's marks. */
export type MarkFact =
  | { kind: 'resolved'; scopes: string[]; periods: Period[] }
  | { kind: 'rated'; seq: number; disliked: boolean }
  | { kind: 'complained' };

/** What a dossier event tells its marks, given what it counted and where. */
export function markFor(
  event: Pick<DossierEvent, 'type' | 'seq' | 'data'>,
  counts: Partial<Counts>,
  where: { scopes: string[]; periods: Period[] },
): MarkFact | undefined {
  if (counts.resolved) return { kind: 'resolved', ...where };
  const verdict = (event.data as { verdict?: Verdict }).verdict;
  if (event.type === 'rate' && verdict)
    return { kind: 'rated', seq: event.seq, disliked: verdict === 'khong-hai-long' };
  return undefined;
}

/** What a step of feedback tells the marks of the dossier it names: a complaint, on submission. */
export const feedbackMarkFor = (
  tally: Pick<FeedbackTally, 'type' | 'dossierCode'>,
): { code: string; fact: MarkFact } | undefined =>
  tally.type === 'submit' && tally.dossierCode
    ? { code: tally.dossierCode, fact: { kind: 'complained' } }
    : undefined;

/**
 * Không hài lòng as the national rule counts it: a dossier resolved, and rated "không hài lòng"
 * or complained about — once, whatever the number of complaints, and once when it is both.
 */
const unhappy = (marks: DossierMarks) =>
  marks.resolved && (marks.rating?.disliked || marks.complained) ? 1 : 0;

function withFact(marks: DossierMarks, fact: MarkFact): DossierMarks {
  switch (fact.kind) {
    case 'resolved':
      return marks.resolved ? marks : { ...marks, resolved: { scopes: fact.scopes, periods: fact.periods } };
    case 'rated':
      return marks.rating && marks.rating.seq >= fact.seq
        ? marks
        : { ...marks, rating: { seq: fact.seq, disliked: fact.disliked } };
    case 'complained':
      return marks.complained ? marks : { ...marks, complained: true };
  }
}

/**
 * A dossier's marks after one more fact, and what that changes: the unhappy dossiers of the
 * scopes and periods its resolution counted in, by one at most. The same facts in any order
 * come to the same marks and the same sum.
 */
export function marked(
  marks: DossierMarks,
  fact: MarkFact,
): { marks: DossierMarks; changed: boolean; additions: ScopedCounts[] } {
  const next = withFact(marks, fact);
  const change = unhappy(next) - unhappy(marks);
  const where = next.resolved;
  return {
    marks: next,
    changed: next !== marks,
    additions:
      change !== 0 && where
        ? where.scopes.flatMap((scope) =>
            where.periods.map((period) => ({ scope, period, counts: { unhappy: change } })),
          )
        : [],
  };
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
 * lòng" or complained about), of the dossiers resolved, as the decision defines it: each dossier
 * once (see `marked`). A share of nothing is left out rather than shown as 0.
 */
export function figures(counts: Counts) {
  const satisfaction =
    counts.resolved > 0 ? Math.max(0, 1 - (counts.late + counts.unhappy) / counts.resolved) : undefined;
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
 * The parts the index is scored in, each measuring some indicators; each indicator's attainment
 * is its share against the share that earns full marks (capped at 1):
 * - transparency: answers to feedback published within their 2 working days; late dossiers that
 *   had their apology and extension letter;
 * - progress: dossiers resolved on time (supplement pauses excluded, a second supplement request
 *   late);
 * - online service: dossiers submitted online, full marks at 50%, and fees paid online — or, in
 *   the six-part layout, the first alone (onlineService) and the second apart (onlinePayment);
 * - digitisation: digitised dossiers and electronic results, full marks at 80%;
 * - satisfaction: feedback answered on time; satisfaction, full marks at 90%.
 * A part's score is its points times the mean attainment of its measured indicators. An
 * indicator with nothing to measure (no feedback answered, no fee asked) is left out of its
 * part; a part with none has no score, and the total is then out of the points of the parts
 * scored.
 */
export const SCORE_PARTS = [
  'transparency',
  'progress',
  'online',
  'onlineService',
  'onlinePayment',
  'digitisation',
  'satisfaction',
] as const;
export type ScorePart = (typeof SCORE_PARTS)[number];

/**
 * The layouts: the five groups of Quyết định 766/QĐ-TTg, and the six parts the national portal
 * (DVCQG) shows since 2025, online payment apart. Which applies, and the points, are yearly data
 * of the province file.
 */
export const LAYOUTS = {
  'five-groups': ['transparency', 'progress', 'online', 'digitisation', 'satisfaction'],
  'six-parts': ['transparency', 'progress', 'onlineService', 'onlinePayment', 'satisfaction', 'digitisation'],
} as const satisfies Record<string, readonly ScorePart[]>;
export type Layout = keyof typeof LAYOUTS;

/** The points of each part of one layout, 100 in all. */
export type ScoreWeights = Partial<Record<ScorePart, number>>;

export const FIVE_GROUPS = {
  transparency: 18,
  progress: 20,
  online: 22,
  digitisation: 22,
  satisfaction: 18,
} as const satisfies ScoreWeights;

export const SIX_PARTS = {
  transparency: 18,
  progress: 20,
  onlineService: 12,
  onlinePayment: 10,
  satisfaction: 18,
  digitisation: 22,
} as const satisfies ScoreWeights;

/** The weights by the year from which they apply. */
export type ScoringYears = Readonly<Record<string, ScoreWeights>>;

/** For a province file that says nothing: the decision's groups from 2022, the portal's parts from 2025. */
export const DEFAULT_SCORING: ScoringYears = { '2022': FIVE_GROUPS, '2025': SIX_PARTS };

/** The layout whose parts the weights name, if they name exactly one layout's. */
export function layoutOf(weights: ScoreWeights): Layout | undefined {
  const parts = Object.keys(weights).sort().join();
  return (Object.keys(LAYOUTS) as Layout[]).find((layout) => [...LAYOUTS[layout]].sort().join() === parts);
}

/** The weights of a period: those of the latest year listed up to the period's, else the first listed. */
export function weightsFor(years: ScoringYears, period: Period): ScoreWeights {
  const year = period.slice(0, 4);
  const listed = Object.keys(years).sort();
  const from = listed.filter((one) => one <= year).at(-1) ?? listed[0];
  return from ? years[from]! : DEFAULT_SCORING['2025']!;
}

const attained = (part: number, whole: number, full = 1) =>
  whole > 0 ? Math.min(1, part / whole / full) : undefined;

function measures(counts: Counts): Record<ScorePart, (number | undefined)[]> {
  const satisfaction = figures(counts).satisfaction;
  const onlineShare = attained(counts.online, counts.received, 0.5);
  const paidOnline = attained(counts.paidOnline, counts.feesRequested);
  return {
    transparency: [
      attained(counts.feedbackPublishedOnTime, counts.feedbackPublished),
      attained(counts.lateApologised, counts.late),
    ],
    progress: [attained(counts.onTime, counts.resolved)],
    online: [onlineShare, paidOnline],
    onlineService: [onlineShare],
    onlinePayment: [paidOnline],
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

/** Each part's score and the total, from the counters, in the layout the weights give. */
export function scores(counts: Counts, weights: ScoreWeights) {
  const measured = measures(counts);
  const layout = layoutOf(weights);
  const parts = layout ? LAYOUTS[layout] : (Object.keys(weights) as ScorePart[]);
  const groups = Object.fromEntries(
    parts.map((part) => {
      const points = weights[part] ?? 0;
      const known = measured[part].filter((value): value is number => value !== undefined);
      const score =
        known.length > 0
          ? round2((points * known.reduce((sum, value) => sum + value, 0)) / known.length)
          : undefined;
      return [part, { points, score }];
    }),
  ) as Partial<Record<ScorePart, { points: number; score: number | undefined }>>;
  const scored = Object.values(groups).filter((group) => group.score !== undefined);
  return {
    groups,
    ...(layout ? { layout } : {}),
    total: scored.length > 0 ? round2(scored.reduce((sum, group) => sum + group.score!, 0)) : undefined,
    outOf: scored.reduce((sum, group) => sum + group.points, 0),
  };
}
