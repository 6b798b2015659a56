import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import { ancestorsOf, type Unit, unitSubtree } from '../../shared/domain/catalog.ts';
import type { Dossier, Hop } from '../../shared/domain/dossier.ts';
import {
  addWorkingHours,
  deliverHop,
  failHop,
  hopReceiptClaims,
  pendingHop,
  stepDueDate,
} from '../../shared/domain/handoffs.ts';
import { paymentOrderId, settle } from '../../shared/domain/payments.ts';

const calendar = new WorkingCalendar({
  '2026': { holidays: ['2026-04-27', '2026-04-30', '2026-05-01'], workingWeekends: ['2026-04-25'] },
});
const vn = (local: string) => new Date(`${local}+07:00`);

const hop = (seq: number, more: Partial<Hop> = {}): Hop => ({
  seq,
  kind: 'transfer',
  fromUnit: 'A',
  toUnit: 'B',
  sentBy: 'can-bo-a',
  sentAt: '2026-04-22T02:00:00.000Z',
  sentFrom: 'returned-from-transfer',
  status: 'sent',
  ...more,
});
const withHops = (hops: Hop[], extra: Partial<Dossier> = {}) =>
  ({ code: 'X', currentUnit: 'A', units: ['A'], sub: 'in-transit', version: 7, hops, ...extra }) as Dossier;

describe('office hours across the calendar', () => {
  it('count a weekend the calendar makes a working day, and not a holiday', () => {
    // Friday 24 April 16:00 + 5 h: one hour on Friday, four on Saturday 25 (worked), none on the Sunday.
    expect(addWorkingHours(vn('2026-04-24T16:00:00'), 5, calendar)).toEqual(vn('2026-04-25T12:00:00'));
  });

  it('start a hand-over made on a day off on the next working day', () => {
    // Sunday 26 April, then Monday 27 a holiday: the clock starts on Tuesday 28.
    expect(addWorkingHours(vn('2026-04-26T10:00:00'), 1, calendar)).toEqual(vn('2026-04-28T09:00:00'));
  });

  it('start a hand-over made at lunch when the office opens again, and one made at noon sharp then too', () => {
    expect(addWorkingHours(vn('2026-04-22T12:30:00'), 1, calendar)).toEqual(vn('2026-04-22T14:00:00'));
    expect(addWorkingHours(vn('2026-04-22T12:00:00'), 1, calendar)).toEqual(vn('2026-04-22T14:00:00'));
    expect(addWorkingHours(vn('2026-04-22T17:00:00'), 1, calendar)).toEqual(vn('2026-04-23T09:00:00'));
  });

  it('give the step its own deadline when the dossier has none, and the dossier’s when both fall together', () => {
    expect(stepDueDate(vn('2026-04-22T09:00:00'), 4, undefined, calendar)).toEqual(vn('2026-04-22T14:00:00'));
    const same = vn('2026-04-22T14:00:00').toISOString();
    expect(stepDueDate(vn('2026-04-22T09:00:00'), 4, same, calendar).toISOString()).toBe(same);
  });
});

describe('a hop that lands or fails', () => {
  it('a return lands back at the sending unit with no step deadline of its own, the earlier one cleared', () => {
    const back = hop(9, { kind: 'return', fromUnit: 'B', toUnit: 'A' });
    const dossier = withHops([hop(5, { status: 'delivered' }), back], {
      currentUnit: 'B',
      units: ['A', 'B'],
      stepDueAt: '2026-04-24T10:00:00.000Z',
    });
    const landed = deliverHop(dossier, back, {
      at: new Date('2026-04-23T03:00:00Z'),
      dueAt: '2026-04-30T10:00:00.000Z',
      receipt: 'jws-9',
      external: false,
    });
    expect(landed).toMatchObject({
      currentUnit: 'A',
      units: ['A', 'B'],
      sub: 'returned-from-transfer',
      version: 8,
    });
    expect(landed).not.toHaveProperty('stepDueAt');
    expect(landed.hops).toEqual([
      hop(5, { status: 'delivered' }),
      {
        ...back,
        status: 'delivered',
        receivedAt: '2026-04-23T03:00:00.000Z',
        dueAt: '2026-04-30T10:00:00.000Z',
        receipt: 'jws-9',
      },
    ]);
  });

  it('a transfer to a unit outside waits for its connector, its earlier failure forgotten', () => {
    const redriven = hop(5, { status: 'failed', failure: { reason: 'disabled-unit', at: 'x' } });
    const dossier = withHops([redriven], {
      handoffFailure: { seq: 5, toUnit: 'B', reason: 'disabled-unit', at: 'x' },
    });
    const landed = deliverHop(dossier, redriven, {
      at: new Date('2026-04-23T03:00:00Z'),
      receipt: 'jws',
      external: true,
    });
    expect(landed.hops[0]).toMatchObject({ status: 'queued-external' });
    expect(landed.hops[0]).not.toHaveProperty('failure');
    expect(landed.hops[0]).not.toHaveProperty('dueAt');
    expect(landed).not.toHaveProperty('handoffFailure');
    expect(landed).not.toHaveProperty('stepDueAt');
  });

  it('a failed hop puts the dossier back where it stood, keeps the earlier hops, and flags it for the sending unit', () => {
    const earlier = hop(3, { status: 'delivered' });
    const back = hop(4, { kind: 'return', fromUnit: 'B', toUnit: 'A', status: 'delivered' });
    const dossier = withHops([earlier, back, hop(5)]);
    const failed = failHop(dossier, dossier.hops[2]!, 'unknown-unit', new Date('2026-04-22T02:00:05Z'));
    const failure = { reason: 'unknown-unit', at: '2026-04-22T02:00:05.000Z' };
    expect(failed).toMatchObject({
      sub: 'returned-from-transfer',
      version: 8,
      handoffFailure: { seq: 5, toUnit: 'B', ...failure },
    });
    expect(failed.hops).toEqual([earlier, back, { ...hop(5), status: 'failed', failure }]);
    expect(pendingHop(failed, 5)?.seq).toBe(5);
  });

  it('a hop receipt certifies the hand-over, the dossier’s version and the hashes given', () => {
    const dossier = withHops([hop(5)], { code: '000.02.30.H19-260422-0001' });
    expect(
      hopReceiptClaims(dossier, hop(5), new Date('2026-04-22T03:00:00Z'), { stateHash: 's', eventHash: 'e' }),
    ).toEqual({
      code: '000.02.30.H19-260422-0001',
      hop: 5,
      kind: 'transfer',
      fromUnit: 'A',
      sentBy: 'can-bo-a',
      sentAt: '2026-04-22T02:00:00.000Z',
      toUnit: 'B',
      receivedAt: '2026-04-22T03:00:00.000Z',
      version: 7,
      stateHash: 's',
      eventHash: 'e',
    });
  });
});

describe('a fee paid', () => {
  it('puts the dossier back in processing, remembering when it was paid, as a new version', () => {
    const dossier = withHops([], { state: 6, sub: 'none', version: 4, paymentAmount: 50_000 });
    const paid = settle(dossier, {
      transactionId: 'vnpay-1',
      paymentOrderId: paymentOrderId('X', 5),
      dossierCode: 'X',
      amount: 50_000,
      paidAt: '2026-04-22T03:00:00.000Z',
    });
    expect(paid).toMatchObject({
      state: 4,
      sub: 'none',
      paidAt: '2026-04-22T03:00:00.000Z',
      version: 5,
      paymentAmount: 50_000,
    });
  });
});

describe('the tree of units', () => {
  const province: Unit[] = [
    {
      code: 'P',
      name: 'UBND tỉnh',
      kind: 'province',
      children: [
        {
          code: 'S1',
          name: 'Sở Tư pháp',
          kind: 'department',
          children: [{ code: 'S1a', name: 'Phòng', kind: 'office' }],
        },
        { code: 'X1', name: 'Phường', kind: 'commune' },
      ],
    },
    { code: 'Q', name: 'Trung tâm', kind: 'centre' },
  ];

  it('gives each unit the units above it, nearest first, and none to the top ones', () => {
    expect(Object.fromEntries(ancestorsOf(province))).toEqual({
      P: [],
      S1: ['P'],
      S1a: ['S1', 'P'],
      X1: ['P'],
      Q: [],
    });
  });

  it('gives the codes of a unit and every unit below it, and none for a unit it does not know', () => {
    expect(unitSubtree(province, 'S1')).toEqual(['S1', 'S1a']);
    expect(unitSubtree(province, 'P')).toEqual(['P', 'S1', 'S1a', 'X1']);
    expect(unitSubtree(province, 'Z')).toEqual([]);
  });
});
