import { describe, expect, it } from 'vitest';
import { CRITERIA, points, RATING_CHANGE_DAYS, rate } from '../../shared/domain/ratings.ts';

const all = (value: 0 | 1 | 2) =>
  Object.fromEntries(CRITERIA.map((criterion) => [criterion, value])) as Record<
    (typeof CRITERIA)[number],
    0 | 1 | 2
  >;
const given = { criteria: all(2), verdict: 'rat-hai-long' as const };
const day = 24 * 3600_000;
const at = new Date('2026-11-27T03:00:00Z');

describe('ratings', () => {
  it('are given once a result is returned or the dossier refused, and for no other state', () => {
    for (const state of [3, 10] as const)
      expect(rate({ state, code: 'c' }, undefined, given, at)).toMatchObject({
        verdict: 'rat-hai-long',
        firstRatedAt: at.toISOString(),
        ratedAt: at.toISOString(),
      });
    for (const state of [1, 2, 4, 5, 6, 7, 8, 9] as const)
      expect(() => rate({ state, code: 'c' }, undefined, given, at), String(state)).toThrow(
        expect.objectContaining({ kind: 'not-available-yet' }),
      );
  });

  it(`can be changed for ${RATING_CHANGE_DAYS} days from the first, keeping when it was first given`, () => {
    const first = rate({ state: 10, code: 'c' }, undefined, given, at);
    const lastDay = new Date(at.getTime() + RATING_CHANGE_DAYS * day);
    const changed = rate({ state: 10, code: 'c' }, first, { criteria: all(1), verdict: 'hai-long' }, lastDay);
    expect(changed).toMatchObject({
      verdict: 'hai-long',
      firstRatedAt: at.toISOString(),
      ratedAt: lastDay.toISOString(),
    });
    const late = new Date(lastDay.getTime() + 1);
    expect(() => rate({ state: 10, code: 'c' }, changed, given, late)).toThrow(
      expect.objectContaining({ kind: 'action-not-allowed-in-state' }),
    );
  });

  it('score nine criteria out of 18', () => {
    expect(points(all(2))).toBe(18);
    expect(points({ ...all(0), staffAttitude: 2, totalTime: 1 })).toBe(3);
  });

  it('keep the window the province sets', () => {
    const first = rate({ state: 10, code: 'c' }, undefined, given, at, 2);
    const thirdDay = new Date(at.getTime() + 2 * day + 1);
    expect(() => rate({ state: 10, code: 'c' }, first, given, thirdDay, 2)).toThrow(
      expect.objectContaining({ kind: 'action-not-allowed-in-state' }),
    );
    expect(rate({ state: 10, code: 'c' }, first, given, thirdDay, 3).ratedAt).toBe(thirdDay.toISOString());
  });
});

describe('a rating’s words', () => {
  it('keeps the comment given with a rating, and none when none was given', () => {
    expect(
      rate({ state: 10, code: 'c' }, undefined, { ...given, comment: 'Cán bộ tận tình' }, at),
    ).toMatchObject({
      comment: 'Cán bộ tận tình',
    });
    expect(rate({ state: 10, code: 'c' }, undefined, given, at)).not.toHaveProperty('comment');
  });
});

describe('a rating refused', () => {
  it('says the dossier has no result yet, or for how long a rating may be changed, in both languages', () => {
    expect(() => rate({ state: 4, code: 'H19-0001' }, undefined, given, at)).toThrow(
      expect.objectContaining({
        detail: {
          vi: 'Hồ sơ H19-0001 chưa trả kết quả: chưa thể đánh giá.',
          en: 'Dossier H19-0001 has no returned result yet: it cannot be rated.',
        },
      }),
    );
    const first = rate({ state: 10, code: 'c' }, undefined, given, at);
    const tooLate = new Date(at.getTime() + 8 * day);
    expect(() => rate({ state: 10, code: 'c' }, first, given, tooLate, 7)).toThrow(
      expect.objectContaining({
        kind: 'action-not-allowed-in-state',
        detail: {
          vi: 'Đánh giá chỉ sửa được trong 7 ngày kể từ khi gửi.',
          en: 'A rating can be changed for 7 days after it is given.',
        },
      }),
    );
  });
});
