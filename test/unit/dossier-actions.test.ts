import { describe, expect, it } from 'vitest';
import {
  type Action,
  allows,
  CITIZEN_ACTIONS,
  type Dossier,
  type NationalState,
  OFFICER_ACTIONS,
  roleFor,
  type SubState,
} from '../../shared/domain/dossier.ts';

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
