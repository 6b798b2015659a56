import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import type { DossierEvent } from '../../shared/domain/dossier-events.ts';
import {
  addCounts,
  countsFor,
  countsForFeedback,
  DEFAULT_SCORING,
  type DossierFacts,
  type DossierMarks,
  FIVE_GROUPS,
  feedbackMarkFor,
  feedbackScopesOf,
  figures,
  layoutOf,
  type MarkFact,
  marked,
  markFor,
  periodsOf,
  SIX_PARTS,
  scopesOf,
  scores,
  weightsFor,
  zeroCounts,
} from '../../shared/domain/indicators.ts';
import { CRITERIA } from '../../shared/domain/ratings.ts';

/** November 2026 has no public holiday: its working days are Monday to Friday. */
const calendar = new WorkingCalendar({});

const criteria = (value: number, staffAttitude = value) => ({
  ...Object.fromEntries(CRITERIA.map((criterion) => [criterion, value])),
  staffAttitude,
});

const AT = '2026-11-02T02:00:00Z';
const event = (type: DossierEvent['type'], data: Record<string, unknown> = {}, at = AT) => ({
  type,
  data,
  at,
});

const facts = (ended?: DossierFacts['ended'], digitised = false, receivedAt?: string): DossierFacts => ({
  procedureCode: '1.004873',
  receivingUnit: '000.02.30.H19',
  digitised,
  ...(receivedAt ? { receivedAt } : {}),
  ...(ended ? { ended } : {}),
});

const ended = (
  receivedAt: string,
  endedAt: string,
  timeliness: 'early' | 'on-time' | 'late',
  supplementRequests = 0,
  pausedDays = 0,
  extensions = 0,
) => ({ receivedAt, endedAt, timeliness, supplementRequests, pausedDays, extensions });

describe('the Decision 766 counters', () => {
  it('add up a worked example: reception, a late dossier, a supplement pause, two supplement requests, ratings', () => {
    const steps: [ReturnType<typeof event>, DossierFacts][] = [
      // Five dossiers submitted online: four received by the desk, two of them digitised; the
      // fifth refused at the desk, never received.
      ...Array.from({ length: 5 }, (): [ReturnType<typeof event>, DossierFacts] => [
        event('submit'),
        facts(),
      ]),
      [event('receive'), facts(undefined, true, AT)],
      [event('receive'), facts(undefined, true, AT)],
      [event('receive'), facts(undefined, false, AT)],
      [event('receive'), facts(undefined, false, AT)],
      [event('refuse'), facts()],
      // D1: Mon 2 → Thu 5 November, on time: 3 working days (2, 3, 4), its result electronic.
      [
        event('complete', { resultUploadIds: ['u1'] }),
        facts(ended('2026-11-02T02:00:00Z', '2026-11-05T03:00:00Z', 'on-time')),
      ],
      // D2: one working day late after its apology letter, Mon 2 → Mon 9: 5 working days (2–6).
      [event('extendDeadline'), facts()],
      [event('complete'), facts(ended('2026-11-02T02:00:00Z', '2026-11-09T03:00:00Z', 'late', 0, 0, 1))],
      // D3: one supplement request that stopped the clock 2 working days: 6 − 2 = 4, on time;
      // received again after the supplement, which is no second reception.
      [event('requestSupplement'), facts()],
      [event('receive', {}, '2026-11-06T02:00:00Z'), facts(undefined, false, AT)],
      [event('complete'), facts(ended('2026-11-02T02:00:00Z', '2026-11-10T03:00:00Z', 'on-time', 1, 2))],
      // D4: asked for supplements twice: late by the national rule though within its date; 2 days.
      [event('requestSupplement'), facts()],
      [event('requestSupplement'), facts()],
      [event('complete'), facts(ended('2026-11-02T02:00:00Z', '2026-11-04T03:00:00Z', 'early', 2))],
      [event('requestPayment'), facts()],
      [event('requestPayment'), facts()],
      [event('paymentConfirmed'), facts()],
      // Ratings: D1 very satisfied (18 points); D2 satisfied (10), then changed to not satisfied
      // (8); D3 and D4 satisfied (10 each).
      [event('rate', { verdict: 'rat-hai-long', criteria: criteria(2) }), facts()],
      [event('rate', { verdict: 'hai-long', criteria: criteria(1, 2) }), facts()],
      [
        event('rate', {
          verdict: 'khong-hai-long',
          criteria: criteria(1, 0),
          replaces: { verdict: 'hai-long', criteria: criteria(1, 2) },
        }),
        facts(),
      ],
      [event('rate', { verdict: 'hai-long', criteria: criteria(1, 2) }), facts()],
      [event('rate', { verdict: 'hai-long', criteria: criteria(1, 2) }), facts()],
      // A stop before reception has no deadline: nothing resolved.
      [event('stop'), facts({ endedAt: '2026-11-03T02:00:00Z', supplementRequests: 0, pausedDays: 0 })],
      [event('withdraw'), facts()],
    ];
    const counts = steps.reduce(
      (total, [one, about]) => addCounts(total, countsFor(one, about, calendar)),
      zeroCounts(),
    );
    expect(counts).toEqual({
      ...zeroCounts(),
      received: 4,
      online: 4,
      digitised: 2,
      resolved: 4,
      onTime: 2,
      late: 2,
      handlingDays: 3 + 5 + 4 + 2,
      extended: 1,
      // D2 late with its letter; D4 late without one.
      lateApologised: 1,
      supplementRequested: 3,
      withdrawn: 1,
      refused: 1,
      electronicResults: 1,
      feesRequested: 2,
      paidOnline: 1,
      ratings: 4,
      ratingPoints: 18 + 8 + 10 + 10,
      khongHaiLong: 1,
      haiLong: 2,
      ratHaiLong: 1,
    });
    expect(figures(counts)).toEqual({
      onlineShare: 100,
      onTimeRate: 50,
      averageHandlingDays: 3.5,
      digitisedShare: 50,
      electronicResultShare: 25,
      onlinePaymentShare: 50,
      averageRatingPoints: 11.5,
      feedbackOnTimeRate: undefined,
      // The ratings alone mark no dossier unhappy (see the marks): 100% − 50% late.
      satisfaction: 50,
    });
    expect(figures({ ...counts, unhappy: 1 }).satisfaction).toBe(25);
  });

  it('count a dossier received once: at its first reception, not on submission nor when received again', () => {
    const first = '2026-11-02T02:00:00Z';
    expect(countsFor(event('submit', {}, first), facts(), calendar)).toEqual({});
    expect(countsFor(event('receive', {}, first), facts(undefined, true, first), calendar)).toEqual({
      received: 1,
      online: 1,
      digitised: 1,
    });
    expect(
      countsFor(event('receive', {}, '2026-11-04T02:00:00Z'), facts(undefined, true, first), calendar),
    ).toEqual({});
    expect(countsFor(event('refuse', {}, first), facts(), calendar)).toEqual({ refused: 1 });
    // Filed at a desk, in person or by post: received, but not online.
    expect(
      countsFor(event('receive', {}, first), { ...facts(undefined, false, first), atDesk: true }, calendar),
    ).toEqual({ received: 1 });
  });

  it('count a late dossier as apologised for only when it had its letter, and an on-time one with a letter not at all', () => {
    const late = (extensions: number) =>
      countsFor(
        event('complete'),
        facts(ended(AT, '2026-11-09T03:00:00Z', 'late', 0, 0, extensions)),
        calendar,
      );
    expect(late(1)).toMatchObject({ late: 1, lateApologised: 1 });
    expect(late(0).lateApologised).toBeUndefined();
    const onTime = countsFor(
      event('complete'),
      facts(ended(AT, '2026-11-05T03:00:00Z', 'on-time', 0, 0, 1)),
      calendar,
    );
    expect(onTime).toMatchObject({ onTime: 1 });
    expect(onTime.lateApologised).toBeUndefined();
    // One late dossier without its letter, one on time with a letter: transparency's letters are 0 of 1.
    const counts = { ...zeroCounts(), resolved: 2, onTime: 1, late: 1, extended: 1 };
    expect(scores(counts, FIVE_GROUPS).groups.transparency).toEqual({ points: 18, score: 0 });
  });

  it('shows nothing rather than 0% where there is nothing to divide', () => {
    expect(figures(zeroCounts())).toEqual({
      onlineShare: undefined,
      onTimeRate: undefined,
      averageHandlingDays: undefined,
      digitisedShare: undefined,
      electronicResultShare: undefined,
      onlinePaymentShare: undefined,
      averageRatingPoints: undefined,
      feedbackOnTimeRate: undefined,
      satisfaction: undefined,
    });
  });

  it('count into the month, quarter and year in Vietnam, for the unit, the units above, the procedure and the province', () => {
    expect(periodsOf('2026-12-31T17:30:00Z')).toEqual(['2027-01', '2027-Q1', '2027']);
    expect(periodsOf('2026-11-27T03:00:00Z')).toEqual(['2026-11', '2026-Q4', '2026']);
    expect(scopesOf(facts(), ['000.00.30.H19'])).toEqual([
      'UNIT#000.02.30.H19',
      'UNIT#000.00.30.H19',
      'PROC#1.004873',
      'PROVINCE',
    ]);
  });

  it('count feedback: received (a complaint when it names a dossier), answered and published, each on time or not', () => {
    const tallies = [
      { type: 'submit', procedureCode: '1.004873' },
      { type: 'submit' },
      { type: 'transfer' },
      { type: 'answer', onTime: true },
      { type: 'answer', onTime: false },
      { type: 'publish', onTime: true },
      { type: 'publish', onTime: false },
      { type: 'refuse' },
    ] as const;
    const counts = tallies.reduce((total, tally) => addCounts(total, countsForFeedback(tally)), zeroCounts());
    expect(counts).toEqual({
      ...zeroCounts(),
      feedbackReceived: 2,
      complaints: 1,
      feedbackAnswered: 2,
      feedbackOnTime: 1,
      feedbackPublished: 2,
      feedbackPublishedOnTime: 1,
    });
    expect(feedbackScopesOf({ unit: '000.02.30.H19', procedureCode: '1.004873' }, ['000.00.30.H19'])).toEqual(
      ['UNIT#000.02.30.H19', 'UNIT#000.00.30.H19', 'PROC#1.004873', 'PROVINCE'],
    );
  });

  it('counts feedback that names no dossier for its unit, the units above it and the province, and no procedure', () => {
    expect(feedbackScopesOf({ unit: '000.02.30.H19' }, ['000.00.30.H19'])).toEqual([
      'UNIT#000.02.30.H19',
      'UNIT#000.00.30.H19',
      'PROVINCE',
    ]);
  });
});

const WHERE = { scopes: ['UNIT#000.02.30.H19', 'PROVINCE'], periods: ['2026-11', '2026-Q4', '2026'] };
const resolved: MarkFact = { kind: 'resolved', ...WHERE };
const complained: MarkFact = { kind: 'complained' };
const rated = (seq: number, disliked: boolean): MarkFact => ({ kind: 'rated', seq, disliked });

/** The marks after these facts, and what they added to the province's month. */
function fold(facts: readonly MarkFact[]) {
  let marks: DossierMarks = {};
  let unhappy = 0;
  for (const fact of facts) {
    const step = marked(marks, fact);
    marks = step.marks;
    for (const { scope, period, counts } of step.additions)
      if (scope === 'PROVINCE' && period === '2026-11') unhappy += counts.unhappy ?? 0;
  }
  return { marks, unhappy };
}

describe('satisfaction, per dossier (Decision 766)', () => {
  it('counts a dossier unhappy once however many complaints name it, and once when it is also rated "không hài lòng"', () => {
    expect(fold([resolved, ...Array.from({ length: 40 }, () => complained)]).unhappy).toBe(1);
    expect(fold([resolved, rated(8, true), complained, complained]).unhappy).toBe(1);
    expect(fold([resolved, rated(8, false)]).unhappy).toBe(0);
    // Complained about before it was resolved: it counts when it is, where it is.
    expect(fold([complained, complained, resolved]).unhappy).toBe(1);
  });

  it('gives 66.7, not 50, for six dossiers resolved, one late and one both disliked and complained about', () => {
    let counts = zeroCounts();
    counts = addCounts(counts, { resolved: 6, onTime: 5, late: 1 });
    counts = addCounts(counts, { unhappy: fold([resolved, rated(9, true), complained]).unhappy });
    expect(figures(counts).satisfaction).toBe(66.7);
  });

  it('never counts a dossier that was not resolved (refused at the desk, still open)', () => {
    expect(fold([rated(3, true), complained, ...Array.from({ length: 5 }, () => complained)]).unhappy).toBe(
      0,
    );
  });

  it('takes a dossier out when its rating is changed from "không hài lòng", unless it was complained about', () => {
    expect(fold([resolved, rated(8, true), rated(9, false)]).unhappy).toBe(0);
    expect(fold([resolved, rated(8, true), complained, rated(9, false)]).unhappy).toBe(1);
    // The later rating wins even when it arrives first.
    expect(fold([resolved, rated(9, false), rated(8, true)]).unhappy).toBe(0);
  });

  it('comes to the same marks and the same count whatever order the facts arrive in, and at most one', () => {
    const anyFact = fc.oneof(
      fc.constant(resolved),
      fc.constant(complained),
      // One history number is one rating: its verdict goes with it.
      fc.integer({ min: 1, max: 20 }).map((seq) => rated(seq, seq % 3 === 0)),
    );
    fc.assert(
      fc.property(
        fc
          .array(anyFact, { maxLength: 30 })
          .chain((facts) =>
            fc.tuple(
              fc.constant(facts),
              fc.shuffledSubarray(facts, { minLength: facts.length, maxLength: facts.length }),
            ),
          ),
        ([facts, shuffled]) => {
          const inOrder = fold(facts);
          const anyOrder = fold(shuffled);
          expect(anyOrder.unhappy).toBe(inOrder.unhappy);
          expect(inOrder.unhappy).toBeGreaterThanOrEqual(0);
          expect(inOrder.unhappy).toBeLessThanOrEqual(1);
          expect(Boolean(anyOrder.marks.resolved)).toBe(Boolean(inOrder.marks.resolved));
          expect(Boolean(anyOrder.marks.complained)).toBe(Boolean(inOrder.marks.complained));
          expect(anyOrder.marks.rating?.seq).toBe(inOrder.marks.rating?.seq);
        },
      ),
    );
  });

  it('learns its facts from the events: a resolution, a rating, a complaint on submission', () => {
    expect(markFor({ type: 'complete', seq: 5, data: {} }, { resolved: 1, late: 1 }, WHERE)).toEqual(
      resolved,
    );
    expect(markFor({ type: 'complete', seq: 5, data: {} }, {}, WHERE)).toBeUndefined();
    expect(markFor({ type: 'rate', seq: 7, data: { verdict: 'khong-hai-long' } }, {}, WHERE)).toEqual(
      rated(7, true),
    );
    expect(markFor({ type: 'rate', seq: 7, data: { verdict: 'hai-long' } }, {}, WHERE)).toEqual(
      rated(7, false),
    );
    expect(feedbackMarkFor({ type: 'submit', dossierCode: 'X' })).toEqual({ code: 'X', fact: complained });
    expect(feedbackMarkFor({ type: 'submit' })).toBeUndefined();
    expect(feedbackMarkFor({ type: 'answer', dossierCode: 'X' })).toBeUndefined();
  });
});

describe('the service index scores (Decision 766)', () => {
  const counts = {
    ...zeroCounts(),
    received: 10,
    online: 10,
    digitised: 4,
    resolved: 8,
    onTime: 6,
    late: 2,
    extended: 2,
    lateApologised: 1,
    electronicResults: 6,
    feesRequested: 2,
    paidOnline: 1,
    ratings: 3,
    khongHaiLong: 1,
    complaints: 3,
    unhappy: 2,
    feedbackAnswered: 4,
    feedbackOnTime: 3,
    feedbackPublished: 2,
    feedbackPublishedOnTime: 1,
  };

  it('give each of the five groups its points times the mean attainment of what it measures: a worked example', () => {
    expect(scores(counts, FIVE_GROUPS)).toEqual({
      layout: 'five-groups',
      groups: {
        // Published on time 1 of 2, apology letters for 1 of 2 late: 18 × 0.5.
        transparency: { points: 18, score: 9 },
        // 6 of 8 on time: 20 × 0.75.
        progress: { points: 20, score: 15 },
        // All online (full marks from 50%), 1 of 2 fees paid online: 22 × (1 + 0.5) / 2.
        online: { points: 22, score: 16.5 },
        // Digitised 40% of a full 80% (0.5), electronic results 75% of 80% (0.9375): 22 × 0.71875.
        digitisation: { points: 22, score: 15.81 },
        // Answered on time 3 of 4 (0.75); satisfaction 100 − (25 late + 25 unhappy) = 50% of a
        // full 90% (0.5556): 18 × 0.6528.
        satisfaction: { points: 18, score: 11.75 },
      },
      total: 68.06,
      outOf: 100,
    });
  });

  it('give the six parts the national portal shows from the same counters: online payment apart', () => {
    const six = scores(counts, SIX_PARTS);
    expect(six).toEqual({
      layout: 'six-parts',
      groups: {
        transparency: { points: 18, score: 9 },
        progress: { points: 20, score: 15 },
        // All online, full marks from 50%: 12.
        onlineService: { points: 12, score: 12 },
        // 1 of 2 fees paid online: 10 × 0.5.
        onlinePayment: { points: 10, score: 5 },
        satisfaction: { points: 18, score: 11.75 },
        digitisation: { points: 22, score: 15.81 },
      },
      total: 68.56,
      outOf: 100,
    });
    expect(Object.keys(six.groups)).toEqual([
      'transparency',
      'progress',
      'onlineService',
      'onlinePayment',
      'satisfaction',
      'digitisation',
    ]);
  });

  it('take the layout and points of the latest year the province lists up to the period’s', () => {
    const years = { '2022': FIVE_GROUPS, '2025': SIX_PARTS };
    expect(weightsFor(years, '2024-12')).toBe(FIVE_GROUPS);
    expect(weightsFor(years, '2025')).toBe(SIX_PARTS);
    expect(weightsFor(years, '2026-Q4')).toBe(SIX_PARTS);
    // Before the first year listed, the first year's.
    expect(weightsFor(years, '2021-06')).toBe(FIVE_GROUPS);
    // A province file that lists no year scores in the portal's six parts.
    expect(weightsFor({}, '2026-11')).toBe(SIX_PARTS);
    expect(layoutOf(FIVE_GROUPS)).toBe('five-groups');
    expect(layoutOf(SIX_PARTS)).toBe('six-parts');
    expect(layoutOf({ transparency: 50, progress: 50 })).toBeUndefined();
    expect(DEFAULT_SCORING).toEqual(years);
  });

  it('leave out a group with nothing to measure, and say what the total is out of', () => {
    const few = { ...zeroCounts(), received: 2, online: 1, resolved: 2, onTime: 2 };
    const result = scores(few, FIVE_GROUPS);
    expect(result.groups.transparency?.score).toBeUndefined();
    // Online 50% is full marks; no fee asked: the online group is 22.
    expect(result.groups.online?.score).toBe(22);
    // Satisfaction 100% (nothing late, nothing unhappy); no feedback answered.
    expect(result.groups.satisfaction?.score).toBe(18);
    expect(result).toMatchObject({ total: 20 + 22 + 0 + 18, outOf: 100 - 18 });
    // In six parts, no fee asked leaves online payment out.
    expect(scores(few, SIX_PARTS)).toMatchObject({ total: 20 + 12 + 0 + 18, outOf: 100 - 18 - 10 });
    expect(scores(zeroCounts(), FIVE_GROUPS)).toMatchObject({ total: undefined, outOf: 0 });
  });
});
