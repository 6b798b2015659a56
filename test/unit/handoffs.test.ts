import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import type { Dossier, Hop } from '../../shared/domain/dossier.ts';
import {
  addWorkingHours,
  deliverHop,
  pendingHop,
  stepAllowanceHours,
  stepDueDate,
} from '../../shared/domain/handoffs.ts';

// 2026: Giỗ Tổ Hùng Vương falls on Sunday 26 April, observed on Monday 27 April;
// 30 April and 1 May are Thursday and Friday.
const calendar = new WorkingCalendar({
  '2026': { holidays: ['2026-04-27', '2026-04-30', '2026-05-01'], workingWeekends: [] },
});
const vn = (local: string) => new Date(`${local}+07:00`);

describe('working hours', () => {
  it('counts office hours only, skipping lunch, nights, weekends and holidays', () => {
    expect(addWorkingHours(vn('2026-04-22T09:00:00'), 2, calendar)).toEqual(vn('2026-04-22T11:00:00'));
    // 11:00 + 2 h: one before lunch, one after.
    expect(addWorkingHours(vn('2026-04-22T11:00:00'), 2, calendar)).toEqual(vn('2026-04-22T14:00:00'));
    // Received in the evening: the clock starts the next morning.
    expect(addWorkingHours(vn('2026-04-22T19:30:00'), 1, calendar)).toEqual(vn('2026-04-23T09:00:00'));
    // Friday 16:00 + 8 h: Friday's last hour, then Monday 27 is a holiday → Tuesday 28.
    expect(addWorkingHours(vn('2026-04-24T16:00:00'), 8, calendar)).toEqual(vn('2026-04-28T16:00:00'));
    // Wednesday 29 April 13:00 + 16 h: 4 that afternoon, 30/4 and 1/5 off, the weekend,
    // 8 on Monday 4 May, the last 4 by Tuesday noon.
    expect(addWorkingHours(vn('2026-04-29T13:00:00'), 16, calendar)).toEqual(vn('2026-05-05T12:00:00'));
  });

  it("gives a step its configured allowance, else a share of the procedure's time", () => {
    const procedure = { processingDays: 8, stepHours: { '000.01.16.H19': 40 } };
    expect(stepAllowanceHours(procedure, '000.01.16.H19')).toBe(40);
    expect(stepAllowanceHours(procedure, '000.02.30.H19')).toBe(32);
    expect(stepAllowanceHours({ processingDays: 0 }, '000.02.30.H19')).toBe(4);
  });

  it("never gives a step more time than the dossier's own due date", () => {
    const due = vn('2026-04-23T17:00:00').toISOString();
    expect(stepDueDate(vn('2026-04-22T09:00:00'), 40, due, calendar).toISOString()).toBe(due);
    expect(stepDueDate(vn('2026-04-22T09:00:00'), 4, due, calendar)).toEqual(vn('2026-04-22T14:00:00'));
  });
});

const hop = (seq: number, status: Hop['status']): Hop => ({
  seq,
  kind: 'transfer',
  fromUnit: 'A',
  toUnit: 'B',
  sentBy: 'officer',
  sentAt: '2026-04-22T02:00:00.000Z',
  sentFrom: 'none',
  status,
});
const withHops = (hops: Hop[], extra: Partial<Dossier> = {}) =>
  ({ code: 'X', currentUnit: 'A', units: ['A'], sub: 'in-transit', version: 7, hops, ...extra }) as Dossier;

describe('which hop a message may still deliver', () => {
  it('is the last hop, while sent, or failed with the sending unit not having acted', () => {
    expect(pendingHop(withHops([hop(5, 'sent')]), 5)?.seq).toBe(5);
    expect(pendingHop(withHops([hop(5, 'sent')]), 4)).toBeUndefined();
    expect(pendingHop(withHops([hop(5, 'delivered')]), 5)).toBeUndefined();
    expect(pendingHop(withHops([hop(5, 'failed'), hop(8, 'sent')]), 5)).toBeUndefined();
    const flagged = { handoffFailure: { seq: 5, toUnit: 'B', reason: 'disabled-unit' as const, at: '' } };
    expect(pendingHop(withHops([hop(5, 'failed')], flagged), 5)?.seq).toBe(5);
    expect(pendingHop(withHops([hop(5, 'failed')]), 5)).toBeUndefined();
  });

  it('lands with the step deadline in the inbox of the receiving unit, once', () => {
    const dossier = withHops([hop(5, 'sent')]);
    const landed = deliverHop(dossier, dossier.hops[0]!, {
      at: new Date('2026-04-22T03:00:00Z'),
      dueAt: '2026-04-24T10:00:00.000Z',
      receipt: 'jws',
      external: false,
    });
    expect(landed).toMatchObject({
      currentUnit: 'B',
      units: ['A', 'B'],
      sub: 'at-receiving-unit',
      stepDueAt: '2026-04-24T10:00:00.000Z',
      version: 8,
    });
    expect(landed.hops[0]).toMatchObject({
      status: 'delivered',
      receipt: 'jws',
      dueAt: '2026-04-24T10:00:00.000Z',
    });
    expect(pendingHop(landed, 5)).toBeUndefined();
  });
});
