import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import {
  type Action,
  type Actor,
  allows,
  assertCanRead,
  CITIZEN_ACTIONS,
  countsOnTime,
  type Dossier,
  type NationalState,
  OFFICER_ACTIONS,
  roleFor,
  type SubState,
  transition,
} from '../../shared/domain/dossier.ts';
import type { DomainError } from '../../shared/domain/errors.ts';

const DESK = '000.02.30.H19';
const DEPARTMENT = '000.00.14.H19';
const ACTIONS: Action[] = [...OFFICER_ACTIONS, ...CITIZEN_ACTIONS];

const dossier = (state: NationalState, sub: SubState = 'none', more: Partial<Dossier> = {}): Dossier =>
  ({
    code: `${DESK}-261202-0001`,
    currentUnit: DESK,
    state,
    sub,
    dueAt: '2026-12-05T10:00:00.000Z',
    hops: [],
    ...more,
  }) as Dossier;

const allowed = (d: Dossier) => ACTIONS.filter((action) => allows(d, action)).sort();
const sorted = (actions: Action[]) => [...actions].sort();

/** At a unit it was transferred to: the transfer that brought it there. */
const transferredHere = {
  currentUnit: DEPARTMENT,
  hops: [{ seq: 4, kind: 'transfer', fromUnit: DESK, toUnit: DEPARTMENT, status: 'delivered' }],
} as Partial<Dossier>;

describe('what may be done to a dossier, by its state (1–10) and where it stands', () => {
  it.each([
    [1, ['receive', 'refuse', 'requestSupplement', 'withdraw']],
    [2, ['startProcessing', 'requestSupplement', 'withdraw', 'stop', 'extendDeadline']],
    [3, []],
    [
      4,
      ['requestSupplement', 'requestPayment', 'transfer', 'withdraw', 'stop', 'complete', 'extendDeadline'],
    ],
    [5, ['supplement', 'withdraw', 'stop', 'extendDeadline']],
    [6, ['confirmPayment', 'withdraw', 'stop', 'extendDeadline']],
    [7, ['stop']],
    [8, []],
    [9, ['returnResult']],
    [10, []],
  ] as [NationalState, Action[]][])('state %i, settled at its unit: %j', (state, actions) => {
    expect(allowed(dossier(state))).toEqual(sorted(actions));
  });

  it('at a unit it was transferred to: only sending it back, or the applicant withdrawing', () => {
    expect(allowed(dossier(4, 'at-receiving-unit', transferredHere))).toEqual(
      sorted(['returnFromTransfer', 'withdraw']),
    );
    // No transfer brought it here (or the one that did failed): nothing to return.
    expect(allowed(dossier(4, 'at-receiving-unit'))).toEqual(['withdraw']);
    const failed = {
      ...transferredHere,
      hops: [{ ...transferredHere.hops![0]!, status: 'failed' }],
    } as Partial<Dossier>;
    expect(allowed(dossier(4, 'at-receiving-unit', failed))).toEqual(['withdraw']);
    const returnHop = {
      ...transferredHere,
      hops: [{ ...transferredHere.hops![0]!, kind: 'return' }],
    } as Partial<Dossier>;
    expect(allowed(dossier(4, 'at-receiving-unit', returnHop))).toEqual(['withdraw']);
    const elsewhere = { ...transferredHere, currentUnit: DESK } as Partial<Dossier>;
    expect(allowed(dossier(4, 'at-receiving-unit', elsewhere))).toEqual(['withdraw']);
  });

  it('back from a transfer: as settled as before it left', () => {
    expect(allowed(dossier(4, 'returned-from-transfer'))).toEqual(allowed(dossier(4)));
  });

  it('in transit between units: nobody acts but the applicant, who may withdraw', () => {
    expect(allowed(dossier(4, 'in-transit'))).toEqual(['withdraw']);
    expect(allowed(dossier(7, 'in-transit'))).toEqual([]);
  });

  it('receiving the files another channel named: nobody acts until each has its verdict, but the applicant may withdraw', () => {
    expect(allowed(dossier(1, 'receiving-files'))).toEqual(['withdraw']);
  });

  it('withdrawn while its files were coming: waits for nothing more', () => {
    const change = transition(
      dossier(1, 'receiving-files', { ownerSub: 'owner', version: 1 }),
      { action: 'withdraw', reason: 'Nộp nhầm' },
      {
        now: new Date('2026-12-03T03:00:00.000Z'),
        actor: { sub: 'owner', role: 'citizen' },
        calendar: new WorkingCalendar(),
        clock: { processingDays: 3 },
      },
    );
    expect(change.dossier).toMatchObject({ state: 7, sub: 'none' });
  });

  it('supplemented: received again (or refused, when it was never received), withdrawn or stopped', () => {
    expect(allowed(dossier(5, 'supplemented', { resumeState: 1 }))).toEqual(
      sorted(['receive', 'refuse', 'withdraw', 'stop', 'extendDeadline']),
    );
    expect(allowed(dossier(5, 'supplemented', { resumeState: 4 }))).toEqual(
      sorted(['receive', 'withdraw', 'stop', 'extendDeadline']),
    );
  });

  it('extends only a dossier that has a due date', () => {
    for (const state of [2, 4, 5, 6] as NationalState[])
      expect(allows(dossier(state, 'none', { dueAt: undefined }), 'extendDeadline'), String(state)).toBe(
        false,
      );
  });

  it('lets the applicant withdraw and supplement, and officers do the rest', () => {
    for (const action of CITIZEN_ACTIONS) expect(roleFor(action)).toBe('citizen');
    for (const action of OFFICER_ACTIONS) expect(roleFor(action), action).toBe('officer');
  });
});

describe('who may act on a dossier, and what an action is refused with', () => {
  const applicant: Actor = { sub: 'citizen-1', role: 'citizen' };
  const officer = (unit: string): Actor => ({ sub: `officer-${unit}`, role: 'officer', unit });
  const held = (more: Partial<Dossier> = {}) =>
    dossier(4, 'none', { ownerSub: applicant.sub, units: [DESK, DEPARTMENT], version: 3, ...more });
  const context = (actor: Actor, now = '2026-12-03T03:00:00.000Z') => ({
    now: new Date(now),
    actor,
    calendar: new WorkingCalendar(),
    clock: { processingDays: 3, extensions: { maxTimes: 1, maxWorkingDays: 2 } },
  });
  const refusal = (d: Dossier, command: object, actor: Actor, now?: string) => {
    try {
      transition(d, command as never, context(actor, now));
    } catch (error) {
      const { kind, detail, issues } = error as DomainError;
      return { kind, detail, issues };
    }
    throw new Error('not refused');
  };

  it('hides a dossier from a citizen not its applicant, and from officers of units it never reached', () => {
    expect(refusal(held(), { action: 'withdraw', reason: 'x' }, { sub: 'someone', role: 'citizen' })).toEqual(
      {
        kind: 'not-found',
        detail: { vi: `Không tìm thấy hồ sơ ${held().code}.`, en: `No dossier ${held().code}.` },
        issues: [],
      },
    );
    expect(
      refusal(held(), { action: 'complete', resultSummary: 'x' }, officer('000.00.15.H19')),
    ).toMatchObject({
      kind: 'not-found',
    });
    expect(
      refusal(held(), { action: 'complete', resultSummary: 'x' }, { sub: 'o', role: 'officer' }),
    ).toMatchObject({
      kind: 'not-found',
    });
  });

  it('keeps officers’ actions to officers and the applicant’s to the applicant', () => {
    expect(refusal(held(), { action: 'complete', resultSummary: 'x' }, applicant)).toEqual({
      kind: 'forbidden',
      detail: { vi: 'Chỉ cán bộ được thực hiện thao tác này.', en: 'Only officers may do this.' },
      issues: [],
    });
    expect(refusal(held(), { action: 'withdraw', reason: 'x' }, officer(DESK))).toEqual({
      kind: 'forbidden',
      detail: {
        vi: 'Chỉ người nộp hồ sơ được thực hiện thao tác này.',
        en: 'Only the applicant may do this.',
      },
      issues: [],
    });
  });

  it('lets only the unit that has it act, and nobody while it travels', () => {
    expect(refusal(held(), { action: 'complete', resultSummary: 'x' }, officer(DEPARTMENT))).toMatchObject({
      kind: 'dossier-at-another-unit',
      detail: { en: `The dossier is at ${DESK}; ${DEPARTMENT} cannot act on it now.` },
    });
    const travelling = held({ sub: 'in-transit', hops: [{ toUnit: DEPARTMENT } as never] });
    expect(refusal(travelling, { action: 'complete', resultSummary: 'x' }, officer(DESK))).toMatchObject({
      kind: 'dossier-at-another-unit',
      detail: { en: `The dossier is on its way to ${DEPARTMENT}; nobody acts on it until it lands.` },
    });
    // The applicant's withdrawal is refused as in transit only when it would apply after landing.
    const finished = held({ state: 9, sub: 'in-transit', hops: [{ toUnit: DEPARTMENT } as never] });
    expect(refusal(finished, { action: 'withdraw', reason: 'x' }, applicant)).toMatchObject({
      kind: 'action-not-allowed-in-state',
    });
  });

  it('names the action and the state it does not apply to', () => {
    expect(refusal(held({ state: 9 }), { action: 'complete', resultSummary: 'x' }, officer(DESK))).toEqual({
      kind: 'action-not-allowed-in-state',
      detail: {
        vi: 'Không thể "complete" khi hồ sơ ở trạng thái 9 (Đã xử lý xong).',
        en: '"complete" does not apply to a dossier in state 9 (none).',
      },
      issues: [],
    });
  });

  it('extends a due date as often as the procedure allows, to a date after it, after now, within the allowance', () => {
    const due = '2026-12-05T10:00:00.000Z';
    const extend = (newDueAt: string, more: Partial<Dossier> = {}, now?: string) =>
      refusal(
        held({ dueAt: due, legalDueAt: due, ...more }),
        { action: 'extendDeadline', reason: 'r', newDueAt },
        officer(DESK),
        now,
      );
    expect(extend('2026-12-08T10:00:00.000Z', { extensions: 1 })).toEqual({
      kind: 'extension-limit-reached',
      detail: {
        vi: 'Hồ sơ đã được gia hạn 1 lần, tối đa 1 lần.',
        en: 'The deadline was extended 1 times; the procedure allows 1.',
      },
      issues: [],
    });
    for (const newDueAt of [due, '2026-12-04T10:00:00.000Z', '2026-12-20T10:00:00.000Z'])
      expect(extend(newDueAt), newDueAt).toMatchObject({
        kind: 'validation-failed',
        issues: [expect.objectContaining({ path: 'body.newDueAt', code: 'out_of_range' })],
      });
    expect(extend('2026-12-07T10:00:00.000Z', {}, '2026-12-07T11:00:00.000Z')).toMatchObject({
      kind: 'validation-failed',
    });
    const change = transition(
      held({ dueAt: due, legalDueAt: due }),
      { action: 'extendDeadline', reason: 'Chờ xác minh', newDueAt: '2026-12-08T10:00:00.000Z' } as never,
      context(officer(DESK)),
    );
    expect(change.dossier).toMatchObject({
      dueAt: '2026-12-08T10:00:00.000Z',
      legalDueAt: due,
      extensions: 1,
      reason: 'Chờ xác minh',
      version: 4,
    });
  });
});

describe('what each action does to a dossier', () => {
  const officer: Actor = { sub: 'officer-desk', role: 'officer', unit: DESK };
  const applicant: Actor = { sub: 'citizen-1', role: 'citizen' };
  const at = (actor: Actor, now = '2026-12-02T02:00:00.000Z') => ({
    now: new Date(now),
    actor,
    calendar: new WorkingCalendar(),
    clock: { processingDays: 3 },
    seq: 7,
  });
  const base = (state: NationalState, more: Partial<Dossier> = {}) =>
    dossier(state, 'none', {
      ownerSub: applicant.sub,
      units: [DESK, DEPARTMENT],
      version: 1,
      supplementRequests: 0,
      pausedDays: 0,
      dueAt: undefined,
      ...more,
    });
  const act = (d: Dossier, command: object, actor = officer, now?: string) =>
    transition(d, command as never, at(actor, now)).dossier;

  it('reception starts the clock: received now, due three working days on, the legal date the same', () => {
    const received = act(base(1), { action: 'receive' });
    expect(received).toMatchObject({
      state: 2,
      sub: 'none',
      receivedAt: '2026-12-02T02:00:00.000Z',
      version: 2,
    });
    expect(received.dueAt).toBe(received.legalDueAt);
    expect(Date.parse(received.dueAt!)).toBeGreaterThan(Date.parse('2026-12-04T00:00:00.000Z'));
  });

  it('a refusal or a stop ends the dossier with its reason; a stop is judged against the legal date', () => {
    expect(act(base(1), { action: 'refuse', reason: 'Thiếu giấy tờ' })).toMatchObject({
      state: 3,
      reason: 'Thiếu giấy tờ',
      endedAt: '2026-12-02T02:00:00.000Z',
    });
    const stopped = act(
      base(4, { dueAt: '2026-12-01T10:00:00.000Z', legalDueAt: '2026-12-01T10:00:00.000Z' }),
      { action: 'stop', reason: 'Rút' },
    );
    expect(stopped).toMatchObject({
      state: 8,
      reason: 'Rút',
      timeliness: 'late',
      endedAt: '2026-12-02T02:00:00.000Z',
    });
  });

  it('a supplement request pauses a running clock and counts, except at reception', () => {
    const atDesk = act(base(1), { action: 'requestSupplement', items: ['CCCD'] });
    expect(atDesk).toMatchObject({
      state: 5,
      resumeState: 1,
      supplementItems: ['CCCD'],
      supplementRequests: 0,
    });
    expect(atDesk.pausedAt).toBeUndefined();
    const running = act(base(4, { dueAt: '2026-12-05T10:00:00.000Z' }), {
      action: 'requestSupplement',
      items: ['x'],
    });
    expect(running).toMatchObject({
      state: 5,
      resumeState: 4,
      supplementRequests: 1,
      pausedAt: '2026-12-02T02:00:00.000Z',
    });
  });

  it('the answer to it waits at reception, then resumes where it stopped', () => {
    const asked = base(5, { resumeState: 4, supplementItems: ['x'] });
    const answered = act(asked, { action: 'supplement', components: [] }, applicant);
    expect(answered).toMatchObject({ state: 5, sub: 'supplemented' });
    expect(act(answered, { action: 'receive' })).toMatchObject({
      state: 4,
      sub: 'none',
      supplementItems: undefined,
      resumeState: undefined,
    });
    const never = act(act(base(5, { resumeState: 1 }), { action: 'supplement', components: [] }, applicant), {
      action: 'receive',
    });
    expect(never).toMatchObject({ state: 2, receivedAt: '2026-12-02T02:00:00.000Z' });
  });

  it('a fee asked and confirmed, a result completed and returned, a withdrawal asked', () => {
    expect(act(base(4), { action: 'requestPayment', amount: 8000 })).toMatchObject({
      state: 6,
      paymentAmount: 8000,
    });
    expect(act(base(6), { action: 'confirmPayment' })).toMatchObject({ state: 4, sub: 'none' });
    expect(act(base(2), { action: 'startProcessing' })).toMatchObject({ state: 4, sub: 'none' });
    expect(act(base(4), { action: 'complete', resultSummary: 'Đã cấp' })).toMatchObject({
      state: 9,
      resultSummary: 'Đã cấp',
    });
    expect(act(base(9), { action: 'returnResult' }).state).toBe(10);
    expect(act(base(2), { action: 'withdraw', reason: 'Không cần nữa' }, applicant)).toMatchObject({
      state: 7,
      reason: 'Không cần nữa',
    });
  });

  it('a transfer sends a hop from where the dossier stood, named by the event, and the history names where it goes', () => {
    const change = transition(base(4), { action: 'transfer', toUnit: DEPARTMENT } as never, at(officer));
    expect(change.dossier.sub).toBe('in-transit');
    expect(change.dossier.hops.at(-1)).toEqual({
      seq: 7,
      kind: 'transfer',
      fromUnit: DESK,
      toUnit: DEPARTMENT,
      sentBy: 'officer-desk',
      sentAt: '2026-12-02T02:00:00.000Z',
      sentFrom: 'none',
      status: 'sent',
    });
    expect(change).toMatchObject({ fromState: 4, toState: 4, fromUnit: DESK, toUnit: DEPARTMENT });
    const flagged = base(4, { handoffFailure: { seq: 1, toUnit: 'x', reason: 'unknown-unit', at: 'y' } });
    expect(act(flagged, { action: 'complete', resultSummary: 's' })).not.toHaveProperty('handoffFailure');
  });
});

describe('who may read a dossier, and what counts as on time', () => {
  const d = dossier(4, 'none', { ownerSub: 'citizen-1', units: [DESK, DEPARTMENT] });

  it('its applicant, and officers of every unit it has been at; others find nothing', () => {
    expect(() => assertCanRead(d, { sub: 'citizen-1', role: 'citizen' })).not.toThrow();
    expect(() => assertCanRead(d, { sub: 'o', role: 'officer', unit: DEPARTMENT })).not.toThrow();
    for (const reader of [
      { sub: 'citizen-2', role: 'citizen' as const },
      { sub: 'citizen-1', role: 'officer' as const },
      { sub: 'o', role: 'officer' as const, unit: '000.00.15.H19' },
      { sub: 'o', role: 'officer' as const },
    ])
      expect(() => assertCanRead(d, reader), JSON.stringify(reader)).toThrow(
        expect.objectContaining({ kind: 'not-found' }),
      );
  });

  it('ended by its due date with at most one supplement request', () => {
    expect(countsOnTime(dossier(9, 'none', { timeliness: 'early', supplementRequests: 1 }))).toBe(true);
    expect(countsOnTime(dossier(9, 'none', { timeliness: 'on-time', supplementRequests: 0 }))).toBe(true);
    expect(countsOnTime(dossier(9, 'none', { timeliness: 'on-time', supplementRequests: 2 }))).toBe(false);
    expect(countsOnTime(dossier(9, 'none', { timeliness: 'late', supplementRequests: 0 }))).toBe(false);
    expect(countsOnTime(dossier(4))).toBeUndefined();
  });
});
