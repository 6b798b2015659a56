import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_INPUTS, type Command } from '../../shared/domain/action-inputs.ts';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import {
  type Action,
  type Actor,
  CITIZEN_ACTIONS,
  type Dossier,
  EDGES,
  OFFICER_ACTIONS,
  TERMINAL,
  transition,
} from '../../shared/domain/dossier.ts';
import { dossierCode } from '../../shared/domain/dossier-code.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { deliverHop, failHop } from '../../shared/domain/handoffs.ts';
import { canonicalJson, eventHash, GENESIS, verifyChain } from '../../shared/domain/history.ts';
import { personalDataOf } from '../../shared/domain/personal-data.ts';

const calendar = new WorkingCalendar();
const desk = '000.01.30.H19';
const other = '000.00.15.H19';
const citizen: Actor = { sub: 'citizen-a', role: 'citizen' };
const officerAt = (unit: string): Actor => ({ sub: `officer-${unit}`, role: 'officer', unit });

const submitted = (): Dossier => ({
  code: `${desk}-250310-0001`,
  procedureCode: '1.004873',
  ownerSub: citizen.sub,
  receivingUnit: desk,
  currentUnit: desk,
  units: [desk],
  state: 1,
  sub: 'none',
  version: 1,
  submittedAt: '2025-03-10T01:00:00.000Z',
  clock: { processingDays: 3 },
  pausedDays: 0,
  supplementRequests: 0,
  hops: [],
});

const complete: Record<Action, Command> = {
  receive: { action: 'receive' },
  refuse: { action: 'refuse', reason: 'Thiếu giấy tờ' },
  startProcessing: { action: 'startProcessing' },
  requestSupplement: { action: 'requestSupplement', items: ['Bản sao CCCD'] },
  supplement: { action: 'supplement', components: [] },
  requestPayment: { action: 'requestPayment', amount: 8000 },
  confirmPayment: { action: 'confirmPayment' },
  transfer: { action: 'transfer', toUnit: other },
  returnFromTransfer: { action: 'returnFromTransfer' },
  withdraw: { action: 'withdraw', reason: 'Không còn nhu cầu' },
  stop: { action: 'stop', reason: 'Công dân rút hồ sơ' },
  complete: { action: 'complete', resultSummary: 'Đã cấp giấy xác nhận' },
  returnResult: { action: 'returnResult' },
  extendDeadline: {
    action: 'extendDeadline',
    reason: 'Chờ xác minh',
    reasonCategory: 'verification',
    newDueAt: '2099-01-01T10:00:00.000Z',
  },
};

let clock = Date.parse('2025-03-10T02:00:00Z');
function act(dossier: Dossier, action: Action, actor?: Actor) {
  clock += 3600_000;
  const who =
    actor ??
    ((CITIZEN_ACTIONS as readonly Action[]).includes(action) ? citizen : officerAt(dossier.currentUnit));
  return transition(dossier, complete[action], {
    now: new Date(clock),
    actor: who,
    calendar,
    clock: { processingDays: 3 },
  });
}

const edge = (from: number, to: number) => EDGES.some(([a, b]) => a === from && b === to);
const allActions = [...OFFICER_ACTIONS, ...CITIZEN_ACTIONS] as Action[];

describe('the dossier state machine', () => {
  it('never makes a move the table does not list, and nothing leaves a terminal state', () => {
    const step = fc.record({
      action: fc.constantFrom(...allActions),
      actor: fc.constantFrom<'owner' | 'stranger' | 'current' | 'home' | 'other'>(
        'owner',
        'stranger',
        'current',
        'home',
        'other',
      ),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let dossier = submitted();
        for (const { action, actor } of steps) {
          const who: Actor = {
            owner: citizen,
            stranger: { sub: 'citizen-b', role: 'citizen' as const },
            current: officerAt(dossier.currentUnit),
            home: officerAt(desk),
            other: officerAt('000.05.30.H19'),
          }[actor];
          const before = dossier;
          try {
            dossier = act(dossier, action, who).dossier;
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            continue;
          }
          expect(TERMINAL).not.toContain(before.state);
          expect(edge(before.state, dossier.state), `${before.state} → ${dossier.state} by ${action}`).toBe(
            true,
          );
          expect(dossier.version).toBe(before.version + 1);
          if (action === 'withdraw') expect([9, 10]).not.toContain(before.state);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('walks the happy path from 1 to 10, ahead of time', () => {
    clock = Date.parse('2025-03-10T02:00:00Z');
    let dossier = submitted();
    for (const action of ['receive', 'startProcessing', 'complete', 'returnResult'] as Action[]) {
      dossier = act(dossier, action).dossier;
    }
    expect(dossier.state).toBe(10);
    expect(dossier.timeliness).toBe('early');
    expect(dossier.dueAt).toBe('2025-03-13T10:00:00.000Z');
  });

  it('refuses withdrawal once the result is ready', () => {
    let dossier = submitted();
    for (const action of ['receive', 'startProcessing', 'complete'] as Action[])
      dossier = act(dossier, action).dossier;
    expect(() => act(dossier, 'withdraw')).toThrow(/does not apply|Không thể/);
  });

  it('hides a dossier from a citizen who does not own it (404, not 403)', () => {
    const error = (() => {
      try {
        act(submitted(), 'withdraw', { sub: 'citizen-b', role: 'citizen' });
      } catch (caught) {
        return caught as DomainError;
      }
    })();
    expect(error?.kind).toBe('not-found');
  });

  it('holds a transferred dossier in transit until the hop lands, then lets only the receiving unit act', () => {
    let dossier = act(act(submitted(), 'receive').dossier, 'startProcessing').dossier;
    dossier = act(dossier, 'transfer').dossier;
    expect(dossier).toMatchObject({ currentUnit: desk, sub: 'in-transit', units: [desk] });
    expect(dossier.hops).toEqual([
      expect.objectContaining({ seq: 0, kind: 'transfer', fromUnit: desk, toUnit: other, status: 'sent' }),
    ]);
    for (const action of ['complete', 'transfer', 'requestSupplement', 'stop', 'extendDeadline'] as const)
      expect(() => act(dossier, action, officerAt(desk)), action).toThrow(DomainError);
    // Each refusal names its reason: the hop for what applies once it lands, the state otherwise.
    expect(() => act(dossier, 'complete', officerAt(desk))).toThrow(
      expect.objectContaining({ kind: 'dossier-at-another-unit' }),
    );
    const withdrawn = act(dossier, 'withdraw', citizen).dossier;
    expect(withdrawn).toMatchObject({ state: 7, sub: 'in-transit' });
    expect(() => act(withdrawn, 'withdraw', citizen)).toThrow(
      expect.objectContaining({ kind: 'action-not-allowed-in-state' }),
    );

    const landed = (d: Dossier) =>
      deliverHop(d, d.hops.at(-1)!, { at: new Date(clock), receipt: 'jws', external: false });
    dossier = landed(dossier);
    expect(dossier).toMatchObject({ currentUnit: other, sub: 'at-receiving-unit', units: [desk, other] });
    expect(() => act(dossier, 'complete', officerAt(desk))).toThrow(DomainError);
    dossier = act(dossier, 'returnFromTransfer', officerAt(other)).dossier;
    expect(dossier).toMatchObject({ currentUnit: other, sub: 'in-transit' });
    dossier = landed(dossier);
    expect(dossier).toMatchObject({ currentUnit: desk, sub: 'returned-from-transfer' });
    expect(dossier.hops.map((hop) => [hop.kind, hop.fromUnit, hop.toUnit, hop.status])).toEqual([
      ['transfer', desk, other, 'delivered'],
      ['return', other, desk, 'delivered'],
    ]);
    expect(act(dossier, 'complete').dossier.state).toBe(9);
  });

  it('puts a failed hop back where it was sent from, flagged until the sending unit acts', () => {
    let dossier = act(act(submitted(), 'receive').dossier, 'startProcessing').dossier;
    dossier = act(dossier, 'transfer').dossier;
    dossier = failHop(dossier, dossier.hops.at(-1)!, 'disabled-unit', new Date(clock));
    expect(dossier).toMatchObject({
      currentUnit: desk,
      sub: 'none',
      handoffFailure: { toUnit: other, reason: 'disabled-unit' },
    });
    expect(dossier.hops.at(-1)).toMatchObject({ status: 'failed', failure: { reason: 'disabled-unit' } });
    // The applicant's own move does not answer the flag; the unit's does.
    expect(act(dossier, 'withdraw').dossier.handoffFailure).toBeDefined();
    expect(act(dossier, 'requestPayment').dossier.handoffFailure).toBeUndefined();
  });

  it('pauses the clock from a supplement request to its answer', () => {
    clock = Date.parse('2025-03-10T02:00:00Z');
    let dossier = act(submitted(), 'receive').dossier; // Mon 10/3 10:00 → due Thu 13/3
    dossier = act(dossier, 'startProcessing').dossier;
    clock = Date.parse('2025-03-11T03:00:00Z');
    dossier = act(dossier, 'requestSupplement').dossier;
    expect(dossier.pausedAt).toBeDefined();
    clock = Date.parse('2025-03-13T02:00:00Z');
    dossier = act(dossier, 'supplement').dossier; // paused Tue and Wed
    expect(dossier).toMatchObject({ pausedDays: 2, sub: 'supplemented', dueAt: '2025-03-17T10:00:00.000Z' });
    dossier = act(dossier, 'receive').dossier;
    expect(dossier).toMatchObject({ state: 4, sub: 'none' });
  });

  it('asks each action for what it needs: a reason to refuse, stop or withdraw, a unit to transfer to', () => {
    const refused = (action: Action, input: Record<string, unknown>) =>
      ACTION_INPUTS[action].safeParse({ action, ...input }).success === false;
    expect(refused('refuse', { reason: '  ' })).toBe(true);
    expect(refused('stop', {})).toBe(true);
    expect(refused('withdraw', { reason: '' })).toBe(true);
    expect(refused('transfer', { note: 'no unit' })).toBe(true);
    expect(refused('requestSupplement', { items: [] })).toBe(true);
    expect(refused('extendDeadline', { reason: 'Chờ xác minh' })).toBe(true);
    expect(refused('complete', {})).toBe(true);
    expect(refused('receive', { reason: 'not a field of receive' })).toBe(true);
    for (const action of allActions) expect(refused(action, complete[action]), action).toBe(false);
  });

  it('keeps an apology letter’s public part: its category and its reason without the applicant’s data', () => {
    clock = Date.parse('2025-03-10T02:00:00Z');
    const received = act(act(submitted(), 'receive').dossier, 'startProcessing').dossier;
    const { dossier } = transition(
      received,
      {
        action: 'extendDeadline',
        reason: 'Chờ UBND xác minh nhà của ông NGUYỄN VĂN AN, 12 Lý Thường Kiệt, ĐT 0912 345 678',
        reasonCategory: 'other-agency',
        newDueAt: '2025-03-17T10:00:00.000Z',
      },
      {
        now: new Date(clock),
        actor: officerAt(desk),
        calendar,
        clock: { processingDays: 3 },
        personal: personalDataOf({
          fullName: 'Nguyễn Văn An',
          address: '12 Lý Thường Kiệt, phường Trấn Biên',
        }),
      },
    );
    expect(dossier.apology).toEqual({
      at: new Date(clock).toISOString(),
      category: 'other-agency',
      publicReason: 'Chờ UBND xác minh nhà của ông ***, ***, ĐT ***',
      newDueAt: '2025-03-17T10:00:00.000Z',
    });
    expect(ACTION_INPUTS.extendDeadline.parse(complete.extendDeadline).reasonCategory).toBe('verification');
    const { reasonCategory: _category, ...unsaid } = complete.extendDeadline as Record<string, unknown>;
    expect(ACTION_INPUTS.extendDeadline.parse(unsaid).reasonCategory).toBe('other');
    expect(ACTION_INPUTS.extendDeadline.safeParse({ ...unsaid, reasonCategory: 'weather' }).success).toBe(
      false,
    );
  });

  it('refuses a transfer to the unit that has the dossier', () => {
    const inProcessing = { ...submitted(), state: 4 as const };
    const context = { now: new Date(), actor: officerAt(desk), calendar, clock: { processingDays: 1 } };
    expect(() => transition(inProcessing, { action: 'transfer', toUnit: desk }, context)).toThrow(
      expect.objectContaining({ kind: 'validation-failed' }),
    );
  });
});

describe('dossier codes', () => {
  it('use the receiving agency, the Vietnamese date and a 4-digit sequence', () => {
    expect(dossierCode('000.17.22.H56', new Date('2021-05-30T18:00:00Z'), 1)).toBe(
      '000.17.22.H56-210531-0001',
    );
    expect(dossierCode('000.00.14.H56', new Date('2020-02-03T03:00:00Z'), 118)).toBe(
      '000.00.14.H56-200203-0118',
    );
  });

  it('widen to five digits past 9999 rather than refuse a submission', () => {
    expect(dossierCode(desk, new Date('2026-11-28T03:00:00Z'), 10_000)).toBe(`${desk}-261128-10000`);
  });
});

describe('the history hash chain', () => {
  const chain = () => {
    const events: Record<string, unknown>[] & { seq: number; prevHash: string; hash: string }[] = [];
    let previous = GENESIS;
    for (const [index, type] of ['submit', 'receive', 'complete'].entries()) {
      const event = {
        seq: index + 1,
        type,
        at: `2025-03-1${index}T00:00:00Z`,
        data: { note: 'Ghi chú' },
        prevHash: previous,
      };
      const hash = eventHash(event);
      events.push({ ...event, hash });
      previous = hash;
    }
    return events;
  };

  it('verifies an untouched chain', () => {
    expect(verifyChain(chain())).toEqual({ valid: true, length: 3 });
  });

  it('reports the first broken link when an event is rewritten', () => {
    const events = chain();
    (events[1] as Record<string, unknown>).type = 'refuse';
    expect(verifyChain(events)).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('hashes the same content the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"e":3,"f":2}]},"b":1}',
    );
  });
});
