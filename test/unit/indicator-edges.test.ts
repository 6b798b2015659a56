import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import {
  countsFor,
  type DossierFacts,
  type DossierMarks,
  FIVE_GROUPS,
  handlingDays,
  type MarkFact,
  marked,
  markFor,
  SIX_PARTS,
  weightsFor,
} from '../../shared/domain/indicators.ts';
import { CRITERIA } from '../../shared/domain/ratings.ts';

const calendar = new WorkingCalendar({});
const AT = '2026-11-05T03:00:00Z';
const criteria = (value: number) => Object.fromEntries(CRITERIA.map((criterion) => [criterion, value]));
const facts = (ended?: DossierFacts['ended']): DossierFacts => ({
  procedureCode: '1.004873',
  receivingUnit: '000.02.30.H19',
  digitised: false,
  ...(ended ? { ended } : {}),
});
const onTime = {
  receivedAt: '2026-11-02T02:00:00Z',
  endedAt: AT,
  timeliness: 'on-time' as const,
  supplementRequests: 0,
  pausedDays: 0,
  extensions: 0,
};

describe('what a resolution counts', () => {
  it('a stop resolves the dossier as a completion does, but never with an electronic result', () => {
    expect(
      countsFor({ type: 'stop', data: { resultUploadIds: ['u1'] }, at: AT }, facts(onTime), calendar),
    ).toEqual({
      resolved: 1,
      onTime: 1,
      handlingDays: 3,
    });
    expect(
      countsFor({ type: 'complete', data: { resultUploadIds: ['u1'] }, at: AT }, facts(onTime), calendar),
    ).toMatchObject({ electronicResults: 1 });
  });

  it('a stop with nothing known of how the dossier ended counts nothing', () => {
    expect(countsFor({ type: 'stop', data: {}, at: AT }, facts(), calendar)).toEqual({});
  });

  it('counts no working days for a dossier without a reception or an end', () => {
    expect(handlingDays({ ...onTime, receivedAt: undefined }, calendar)).toBe(0);
    expect(handlingDays({ ...onTime, endedAt: undefined }, calendar)).toBe(0);
    expect(handlingDays(onTime, calendar)).toBe(3);
  });
});

describe('what a rating counts', () => {
  const rate = (data: Record<string, unknown>) =>
    countsFor({ type: 'rate', data, at: AT }, facts(), calendar);

  it('nothing without both a verdict and the criteria', () => {
    expect(rate({ verdict: 'hai-long' })).toEqual({});
    expect(rate({ criteria: criteria(2) })).toEqual({});
  });

  it('a rating changed to the same verdict and points changes no counter', () => {
    const same = { verdict: 'hai-long', criteria: criteria(1) };
    expect(rate({ ...same, replaces: same })).toEqual({});
  });

  it('a rating changed to another verdict moves one dossier between verdicts, and the points by the difference', () => {
    expect(
      rate({
        verdict: 'rat-hai-long',
        criteria: criteria(2),
        replaces: { verdict: 'hai-long', criteria: criteria(1) },
      }),
    ).toEqual({ ratHaiLong: 1, haiLong: -1, ratingPoints: CRITERIA.length });
  });
});

describe('what the marks of a dossier learn', () => {
  const WHERE = { scopes: ['UNIT#000.02.30.H19', 'PROVINCE'], periods: ['2026-11'] };
  const resolved: MarkFact = { kind: 'resolved', ...WHERE };

  it('nothing from a step that is neither a resolution nor a rating', () => {
    expect(markFor({ type: 'receive', seq: 2, data: {} }, { received: 1 }, WHERE)).toBeUndefined();
    expect(markFor({ type: 'rate', seq: 3, data: {} }, {}, WHERE)).toBeUndefined();
    expect(
      markFor({ type: 'complete', seq: 4, data: { verdict: 'khong-hai-long' } }, {}, WHERE),
    ).toBeUndefined();
  });

  it('the same rating told twice changes nothing the second time', () => {
    const once = marked({ resolved: { ...WHERE } }, { kind: 'rated', seq: 8, disliked: true });
    expect(once).toMatchObject({ changed: true, marks: { rating: { seq: 8, disliked: true } } });
    expect(once.additions).toHaveLength(2);
    const twice = marked(once.marks, { kind: 'rated', seq: 8, disliked: true });
    expect(twice).toEqual({ marks: once.marks, changed: false, additions: [] });
  });

  it('a fact that changes the marks but not whether the dossier is unhappy adds to no counter', () => {
    const unhappy: DossierMarks = { resolved: { ...WHERE }, complained: true };
    const step = marked(unhappy, { kind: 'rated', seq: 9, disliked: true });
    expect(step.changed).toBe(true);
    expect(step.additions).toEqual([]);
    const before: DossierMarks = {};
    expect(marked(before, resolved)).toEqual({ marks: { resolved: WHERE }, changed: true, additions: [] });
  });
});

describe('the weights of a period', () => {
  it('are those of the latest year listed up to it, among several earlier ones', () => {
    const middle = { ...FIVE_GROUPS, transparency: 17, progress: 21 };
    const years = { '2020': FIVE_GROUPS, '2022': middle, '2025': SIX_PARTS };
    expect(weightsFor(years, '2024-06')).toBe(middle);
    expect(weightsFor(years, '2026-Q2')).toBe(SIX_PARTS);
  });
});
