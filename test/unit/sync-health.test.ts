import { describe, expect, it } from 'vitest';
import { failedShare, healthView, untouched } from '../../shared/domain/sync-health.ts';

describe('a target’s health', () => {
  it('is nothing yet for a target never sent to', () => {
    expect(healthView(untouched('portal'))).toEqual({
      target: 'portal',
      delivered: 0,
      pending: 0,
      held: 0,
      failed: 0,
    });
  });

  it('says the average lag of what was delivered, and the share of what settled that failed', () => {
    const view = healthView({
      ...untouched('portal'),
      delivered: 3,
      failed: 1,
      pending: 2,
      lagMsTotal: 4_500,
      lastDeliveredAt: '2026-12-08T03:00:00.000Z',
      lastError: { at: '2026-12-08T02:00:00.000Z', reason: 'answered 503' },
    });
    expect(view).toEqual({
      target: 'portal',
      delivered: 3,
      pending: 2,
      held: 0,
      failed: 1,
      averageLagSeconds: 1.5,
      failedShare: 0.25,
      lastDeliveredAt: '2026-12-08T03:00:00.000Z',
      lastError: { at: '2026-12-08T02:00:00.000Z', reason: 'answered 503' },
    });
  });

  it('counts only what settled in the share: pending and held deliveries are not failures yet', () => {
    expect(failedShare({ delivered: 0, failed: 0 })).toBeUndefined();
    expect(failedShare({ delivered: 0, failed: 2 })).toBe(1);
    expect(failedShare({ delivered: 2, failed: 1 })).toBe(0.3333);
  });
});
