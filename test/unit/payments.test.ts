import { describe, expect, it } from 'vitest';
import {
  assertPaidAtPlausible,
  PAYMENT_ORDER_ID,
  paymentOrderId,
  paymentRefusal,
} from '../../shared/domain/payments.ts';

const ORDER = paymentOrderId('000.02.30.H19-261127-0001', 5);
const waiting = { state: 6 as const, sub: 'none' as const, paymentAmount: 50_000, paymentOrder: ORDER };

describe('a payment confirmation', () => {
  it('settles a dossier waiting for exactly that order and amount, to the đồng', () => {
    expect(ORDER).toBe('000.02.30.H19-261127-0001-TT5');
    expect(ORDER).toMatch(PAYMENT_ORDER_ID);
    expect(paymentRefusal(waiting, { amount: 50_000, paymentOrderId: ORDER })).toBeUndefined();
    expect(paymentRefusal(waiting, { amount: 49_999, paymentOrderId: ORDER })).toBe('amount-mismatch');
    expect(paymentRefusal(waiting, { amount: 50_001, paymentOrderId: ORDER })).toBe('amount-mismatch');
  });

  it('settles nothing for another order, a dossier paid already or not waiting, or no dossier', () => {
    const older = paymentOrderId('000.02.30.H19-261127-0001', 3);
    expect(paymentRefusal(waiting, { amount: 50_000, paymentOrderId: older })).toBe('unknown-order');
    const paid = { ...waiting, state: 4 as const };
    expect(paymentRefusal(paid, { amount: 50_000, paymentOrderId: ORDER })).toBe('not-awaiting-payment');
    const inTransit = { ...waiting, sub: 'in-transit' as const };
    expect(paymentRefusal(inTransit, { amount: 50_000, paymentOrderId: ORDER })).toBe('not-awaiting-payment');
    expect(paymentRefusal(undefined, { amount: 50_000, paymentOrderId: ORDER })).toBe('unknown-dossier');
  });

  it('says when it was paid: not ahead of the clock beyond five minutes, at most 90 days ago', () => {
    const now = new Date('2026-11-29T08:00:00Z');
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();
    const verdict = (paidAt: string) => {
      try {
        assertPaidAtPlausible(paidAt, now);
        return 'plausible';
      } catch (error) {
        return (error as { issues: { path: string }[] }).issues[0]!.path;
      }
    };
    expect(verdict(at(0))).toBe('plausible');
    expect(verdict(at(299))).toBe('plausible');
    expect(verdict(at(301))).toBe('body.paidAt');
    expect(verdict('2031-01-01T00:00:00+07:00')).toBe('body.paidAt');
    expect(verdict(at(-89 * 86_400))).toBe('plausible');
    expect(verdict(at(-91 * 86_400))).toBe('body.paidAt');
  });
});

describe('a payment time no platform could honestly send', () => {
  const now = new Date('2026-11-29T08:00:00Z');
  const refusal = (paidAt: string) => {
    try {
      assertPaidAtPlausible(paidAt, now);
      return undefined;
    } catch (error) {
      const { kind, detail, issues } = error as { kind: string; detail: unknown; issues: unknown };
      return { kind, detail, issues };
    }
  };

  it('is taken at exactly five minutes ahead and exactly 90 days old', () => {
    expect(refusal(new Date(now.getTime() + 300_000).toISOString())).toBeUndefined();
    expect(refusal(new Date(now.getTime() - 90 * 86_400_000).toISOString())).toBeUndefined();
  });

  it('is refused in the future, saying so in both languages on the field', () => {
    expect(refusal('2026-11-29T08:05:01Z')).toEqual({
      kind: 'validation-failed',
      detail: { vi: 'Thời điểm thanh toán ở tương lai.', en: 'paidAt is in the future.' },
      issues: [
        {
          path: 'body.paidAt',
          code: 'implausible_time',
          message: { vi: 'không được ở tương lai', en: 'must not be in the future' },
        },
      ],
    });
  });

  it('is refused when older than 90 days, saying how old it may be', () => {
    expect(refusal('2026-08-30T07:59:59Z')).toEqual({
      kind: 'validation-failed',
      detail: { vi: 'Thời điểm thanh toán cũ hơn 90 ngày.', en: 'paidAt is more than 90 days old.' },
      issues: [
        {
          path: 'body.paidAt',
          code: 'implausible_time',
          message: { vi: 'không quá 90 ngày trước', en: 'at most 90 days ago' },
        },
      ],
    });
  });
});
