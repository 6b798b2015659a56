import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import type { ClockRules } from '../../shared/domain/deadline.ts';
import {
  type Actor,
  allows,
  type Dossier,
  type Hop,
  type NationalState,
  paymentOrderId,
  type SubState,
  transition,
} from '../../shared/domain/dossier.ts';
import type { DomainError } from '../../shared/domain/errors.ts';

const DESK = '000.02.30.H19';
const DEPARTMENT = '000.00.14.H19';
const CODE = `${DESK}-261202-0001`;
const NOW = '2026-12-02T02:00:00.000Z';

const desk: Actor = { sub: 'officer-desk', role: 'officer', unit: DESK };
const department: Actor = { sub: 'officer-department', role: 'officer', unit: DEPARTMENT };
const applicant: Actor = { sub: 'citizen-1', role: 'citizen' };

const dossier = (state: NationalState, sub: SubState = 'none', more: Partial<Dossier> = {}): Dossier =>
  ({
    code: CODE,
    procedureCode: '1.004873',
    ownerSub: applicant.sub,
    receivingUnit: DESK,
    currentUnit: DESK,
    units: [DESK, DEPARTMENT],
    state,
    sub,
    version: 3,
    supplementRequests: 0,
    pausedDays: 0,
    hops: [],
    ...more,
  }) as Dossier;

const context = (actor: Actor, now = NOW, clock: ClockRules = { processingDays: 3 }) => ({
  now: new Date(now),
  actor,
  calendar: new WorkingCalendar(),
  clock,
  seq: 7,
});
const act = (d: Dossier, command: object, actor = desk, now = NOW, clock?: ClockRules) =>
  transition(d, command as never, context(actor, now, clock));
const refusal = (d: Dossier, command: object, actor = desk, now = NOW, clock?: ClockRules) => {
  try {
    act(d, command, actor, now, clock);
  } catch (error) {
    const { kind, detail, issues } = error as DomainError;
    return { kind, detail, issues };
  }
  throw new Error('not refused');
};

const transfer = (more: Partial<Hop> = {}): Hop => ({
  seq: 4,
  kind: 'transfer',
  fromUnit: DESK,
  toUnit: DEPARTMENT,
  sentBy: 'officer-desk',
  sentAt: '2026-12-01T03:00:00.000Z',
  sentFrom: 'none',
  status: 'delivered',
  ...more,
});

describe('where a dossier stands decides what may be done', () => {
  it('a dossier withdrawn at the unit it was transferred to is stopped there, not sent back', () => {
    const withdrawn = dossier(7, 'at-receiving-unit', { currentUnit: DEPARTMENT, hops: [transfer()] });
    expect(allows(withdrawn, 'returnFromTransfer')).toBe(false);
    expect(allows(withdrawn, 'stop')).toBe(true);
  });

  it('a dossier on its way back from the unit it was transferred to cannot be sent back again', () => {
    const returning = dossier(4, 'in-transit', {
      currentUnit: DEPARTMENT,
      hops: [
        transfer(),
        transfer({ seq: 6, kind: 'return', fromUnit: DEPARTMENT, toUnit: DESK, status: 'sent' }),
      ],
    });
    expect(allows(returning, 'returnFromTransfer')).toBe(false);
  });

  it('a dossier waiting for the applicant’s supplement cannot be refused, even if it was never received', () => {
    expect(allows(dossier(5, 'none', { resumeState: 1 }), 'refuse')).toBe(false);
    expect(allows(dossier(5, 'supplemented', { resumeState: 1 }), 'refuse')).toBe(true);
  });

  it('the unit a dossier was transferred to is told an action does not apply, not that the dossier travels', () => {
    const there = dossier(4, 'at-receiving-unit', { currentUnit: DEPARTMENT, hops: [transfer()] });
    expect(refusal(there, { action: 'complete', resultSummary: 'x' }, department)).toEqual({
      kind: 'action-not-allowed-in-state',
      detail: {
        vi: 'Không thể "complete" khi hồ sơ ở trạng thái 4 (Đang xử lý).',
        en: '"complete" does not apply to a dossier in state 4 (at-receiving-unit).',
      },
      issues: [],
    });
  });

  it('says in Vietnamese too which unit has the dossier, and where one on its way is going', () => {
    expect(refusal(dossier(4), { action: 'complete', resultSummary: 'x' }, department).detail).toEqual({
      vi: `Hồ sơ đang ở đơn vị ${DESK}; đơn vị ${DEPARTMENT} chưa thể xử lý.`,
      en: `The dossier is at ${DESK}; ${DEPARTMENT} cannot act on it now.`,
    });
    const travelling = dossier(4, 'in-transit', { hops: [transfer({ status: 'sent' })] });
    expect(refusal(travelling, { action: 'complete', resultSummary: 'x' }).detail).toEqual({
      vi: `Hồ sơ đang được chuyển tới đơn vị ${DEPARTMENT}; chưa ai xử lý được cho tới khi đến nơi.`,
      en: `The dossier is on its way to ${DEPARTMENT}; nobody acts on it until it lands.`,
    });
  });

  it('a transfer to the unit that has the dossier is refused on its field, in both languages', () => {
    expect(refusal(dossier(4), { action: 'transfer', toUnit: DESK })).toEqual({
      kind: 'validation-failed',
      detail: { vi: 'Cần đơn vị nhận khác đơn vị hiện tại.', en: 'Name another unit to transfer to.' },
      issues: [
        {
          path: 'body.toUnit',
          code: 'same_unit',
          message: { vi: 'Cần đơn vị nhận khác đơn vị hiện tại.', en: 'Name another unit to transfer to.' },
        },
      ],
    });
  });
});

describe('what each step leaves behind', () => {
  const back = {
    hops: [transfer(), transfer({ seq: 6, kind: 'return', fromUnit: DEPARTMENT, toUnit: DESK })],
  };

  it('a step taken back from a transfer settles the dossier at its unit', () => {
    const returned = dossier(4, 'returned-from-transfer', back);
    expect(act(returned, { action: 'requestPayment', amount: 8000 }).dossier.sub).toBe('none');
    expect(act(returned, { action: 'complete', resultSummary: 'Đã cấp' }).dossier.sub).toBe('none');
    expect(act(returned, { action: 'stop', reason: 'Rút' }).dossier.sub).toBe('none');
    expect(
      act(dossier(5, 'supplemented', { resumeState: 1 }), { action: 'refuse', reason: 'Sai' }).dossier.sub,
    ).toBe('none');
  });

  it('a fee request issues the payment order named by the step', () => {
    expect(paymentOrderId(CODE, 7)).toBe(`${CODE}-TT7`);
    expect(act(dossier(4), { action: 'requestPayment', amount: 8000 }).dossier.paymentOrder).toBe(
      `${CODE}-TT7`,
    );
  });

  it('a supplement asked before processing started brings the dossier back to reception’s state, not to processing', () => {
    const answered = dossier(5, 'supplemented', {
      resumeState: 2,
      receivedAt: NOW,
      dueAt: '2026-12-05T10:00:00.000Z',
    });
    expect(act(answered, { action: 'receive' }).dossier).toMatchObject({ state: 2, sub: 'none' });
  });

  it('a supplement moves the legal date by the days the clock stood still, as it moves the promised one', () => {
    const paused = dossier(5, 'none', {
      resumeState: 4,
      pausedAt: '2026-12-01T02:00:00.000Z',
      dueAt: '2026-12-04T10:00:00.000Z',
      legalDueAt: '2026-12-03T10:00:00.000Z',
    });
    const answered = act(
      paused,
      { action: 'supplement', components: [] },
      applicant,
      '2026-12-03T02:00:00.000Z',
    );
    expect(answered.dossier).toMatchObject({
      sub: 'supplemented',
      pausedDays: 2,
      dueAt: '2026-12-08T10:00:00.000Z',
      legalDueAt: '2026-12-07T10:00:00.000Z',
    });
    const older = act(
      { ...paused, legalDueAt: undefined },
      { action: 'supplement', components: [] },
      applicant,
    );
    expect(older.dossier.legalDueAt).toBeUndefined();
  });

  it('an end is judged against the legal date, not the date an apology letter moved', () => {
    const extended = dossier(4, 'none', {
      legalDueAt: '2026-12-01T10:00:00.000Z',
      dueAt: '2026-12-04T10:00:00.000Z',
    });
    expect(act(extended, { action: 'complete', resultSummary: 'x' }).dossier.timeliness).toBe('late');
    // A dossier recorded before the legal date was kept is judged against its due date.
    const older = dossier(4, 'none', { dueAt: '2026-12-04T10:00:00.000Z' });
    expect(act(older, { action: 'complete', resultSummary: 'x' }).dossier.timeliness).toBe('early');
  });

  it('after a failed hand-off, the next step’s history names the unit that has the dossier', () => {
    const failed = dossier(4, 'none', {
      hops: [transfer({ status: 'failed', failure: { reason: 'unknown-unit', at: NOW } })],
    });
    expect(act(failed, { action: 'complete', resultSummary: 'x' })).toMatchObject({
      fromUnit: DESK,
      toUnit: DESK,
    });
  });
});

describe('an apology letter’s new date', () => {
  const clock: ClockRules = { processingDays: 3, extensions: { maxTimes: 2, maxWorkingDays: 2 } };
  const extend = (d: Dossier, newDueAt: string, now = NOW) =>
    act(
      d,
      { action: 'extendDeadline', reason: 'Chờ xác minh', reasonCategory: 'verification', newDueAt },
      desk,
      now,
      clock,
    );
  const refused = (d: Dossier, newDueAt: string, now = NOW) =>
    refusal(
      d,
      { action: 'extendDeadline', reason: 'r', reasonCategory: 'other', newDueAt },
      desk,
      now,
      clock,
    );
  // Due Friday 4 December; two working days past it is Tuesday 8 December at 17:00.
  const due = dossier(4, 'none', {
    dueAt: '2026-12-04T10:00:00.000Z',
    legalDueAt: '2026-12-04T10:00:00.000Z',
  });

  it('may reach exactly the end of its allowance, and not a moment past it', () => {
    expect(extend(due, '2026-12-08T10:00:00.000Z').dossier.dueAt).toBe('2026-12-08T10:00:00.000Z');
    expect(refused(due, '2026-12-08T10:00:01.000Z')).toEqual({
      kind: 'validation-failed',
      detail: {
        vi: 'Ngày hẹn mới phải sau ngày hẹn hiện tại và không muộn hơn 2026-12-08T10:00:00.000Z.',
        en: 'The new due date must come after the current one and no later than 2026-12-08T10:00:00.000Z.',
      },
      issues: [
        {
          path: 'body.newDueAt',
          code: 'out_of_range',
          message: {
            vi: 'Ngày hẹn mới phải sau ngày hẹn hiện tại và không muộn hơn 2026-12-08T10:00:00.000Z.',
            en: 'The new due date must come after the current one and no later than 2026-12-08T10:00:00.000Z.',
          },
        },
      ],
    });
  });

  it('must come after now, not at this very moment', () => {
    const late = dossier(4, 'none', {
      dueAt: '2026-12-01T10:00:00.000Z',
      legalDueAt: '2026-12-01T10:00:00.000Z',
    });
    expect(refused(late, '2026-12-02T03:00:00.000Z', '2026-12-02T03:00:00.000Z')).toMatchObject({
      kind: 'validation-failed',
    });
    expect(extend(late, '2026-12-02T03:00:01.000Z', '2026-12-02T03:00:00.000Z').dossier.dueAt).toBe(
      '2026-12-02T03:00:01.000Z',
    );
  });

  it('a second letter is bounded by the legal date, not by the date the first one gave', () => {
    const once = extend(due, '2026-12-07T10:00:00.000Z').dossier;
    expect(refused(once, '2026-12-09T10:00:00.000Z')).toMatchObject({ kind: 'validation-failed' });
    expect(extend(once, '2026-12-08T10:00:00.000Z').dossier).toMatchObject({ extensions: 2 });
  });
});
