import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import type { DossierEvent } from '../../shared/domain/dossier-events.ts';
import {
  addCounts,
  countsFor,
  countsForFeedback,
  type DossierFacts,
  feedbackScopesOf,
  figures,
  periodsOf,
  scopesOf,
  scores,
  zeroCounts,
} from '../../shared/domain/indicators.ts';
import { CRITERIA } from '../../shared/domain/ratings.ts';

/** November 2026 has no public holiday: its working days are Monday to Friday. */
const calendar = new WorkingCalendar({});

const criteria = (value: number, staffAttitude = value) => ({
  ...Object.fromEntries(CRITERIA.map((criterion) => [criterion, value])),
  staffAttitude,
});

const event = (type: DossierEvent['type'], data: Record<string, unknown> = {}) => ({ type, data });

const facts = (ended?: DossierFacts['ended'], digitised = false): DossierFacts => ({
  procedureCode: '1.004873',
  receivingUnit: '000.02.30.H19',
  digitised,
  ...(ended ? { ended } : {}),
});

const ended = (
  receivedAt: string,
  endedAt: string,
  timeliness: 'early' | 'on-time' | 'late',
  supplementRequests = 0,
  pausedDays = 0,
) => ({ receivedAt, endedAt, timeliness, supplementRequests, pausedDays });

describe('the Decision 766 counters', () => {
  it('add up a worked example: reception, a late dossier, a supplement pause, two supplement requests, ratings', () => {
    const steps: [ReturnType<typeof event>, DossierFacts][] = [
      // Four dossiers received online, two of them digitised.
      [event('submit'), facts(undefined, true)],
      [event('submit'), facts(undefined, true)],
      [event('submit'), facts()],
      [event('submit'), facts()],
      // D1: Mon 2 → Thu 5 November, on time: 3 working days (2, 3, 4), its result electronic.
      [
        event('complete', { resultUploadIds: ['u1'] }),
        facts(ended('2026-11-02T02:00:00Z', '2026-11-05T03:00:00Z', 'on-time')),
      ],
      // D2: one working day late, Mon 2 → Mon 9: 5 working days (2–6).
      [event('complete'), facts(ended('2026-11-02T02:00:00Z', '2026-11-09T03:00:00Z', 'late'))],
      // D3: one supplement request that stopped the clock 2 working days: 6 − 2 = 4, on time.
      [event('requestSupplement'), facts()],
      [event('complete'), facts(ended('2026-11-02T02:00:00Z', '2026-11-10T03:00:00Z', 'on-time', 1, 2))],
      // D4: asked for supplements twice: late by the national rule though within its date; 2 days.
      [event('requestSupplement'), facts()],
      [event('requestSupplement'), facts()],
      [event('complete'), facts(ended('2026-11-02T02:00:00Z', '2026-11-04T03:00:00Z', 'early', 2))],
      [event('extendDeadline'), facts()],
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
      [event('refuse'), facts()],
      [event('receive'), facts()],
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
      // 100% − (50% late + 25% not satisfied).
      satisfaction: 25,
    });
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
});

describe('the Decision 766 scores', () => {
  it('give each of the five groups its points times the mean attainment of what it measures: a worked example', () => {
    const counts = {
      ...zeroCounts(),
      received: 10,
      online: 10,
      digitised: 4,
      resolved: 8,
      onTime: 6,
      late: 2,
      extended: 1,
      electronicResults: 6,
      feesRequested: 2,
      paidOnline: 1,
      ratings: 3,
      khongHaiLong: 1,
      complaints: 1,
      feedbackAnswered: 4,
      feedbackOnTime: 3,
      feedbackPublished: 2,
      feedbackPublishedOnTime: 1,
    };
    expect(scores(counts)).toEqual({
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

  it('leave out a group with nothing to measure, and say what the total is out of', () => {
    const counts = { ...zeroCounts(), received: 2, online: 1, resolved: 2, onTime: 2 };
    const result = scores(counts);
    expect(result.groups.transparency.score).toBeUndefined();
    // Online 50% is full marks; no fee asked: the online group is 22.
    expect(result.groups.online.score).toBe(22);
    // Satisfaction 100% (nothing late, nothing unhappy); no feedback answered.
    expect(result.groups.satisfaction.score).toBe(18);
    expect(result).toMatchObject({ total: 20 + 22 + 0 + 18, outOf: 100 - 18 });
    expect(scores(zeroCounts())).toMatchObject({ total: undefined, outOf: 0 });
  });
});
