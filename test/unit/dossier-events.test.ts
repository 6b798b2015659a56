import { describe, expect, it } from 'vitest';
import type { Dossier } from '../../shared/domain/dossier.ts';
import {
  emptyChain,
  HANDOFFS,
  hopEvent,
  integratorActor,
  sideEvent,
  submissionEvent,
  transitionEvent,
} from '../../shared/domain/dossier-events.ts';
import { eventHash, GENESIS, verifyChain } from '../../shared/domain/history.ts';

const WARD = '000.02.30.H19';
const DEPARTMENT = '000.00.14.H19';
const officer = { sub: 'officer-1', role: 'officer' as const, unit: WARD };
const at = new Date('2026-12-02T03:00:00.000Z');

const dossier = {
  code: `${WARD}-261202-0001`,
  procedureCode: '1.004873',
  currentUnit: WARD,
  state: 1,
  version: 1,
  submittedAt: '2026-12-02T01:00:00.000Z',
  hops: [],
} as unknown as Dossier;

describe('the history entries of a dossier', () => {
  // Made in each test, not while the file is read: what runs at import is outside any test.
  const submitted = () => submissionEvent(dossier, { sub: 'citizen-1', role: 'citizen' }, 'e1', 'app-hash');

  it('starts with the submission, committing to the application by its hash', () => {
    const first = submitted();
    expect(first.event).toEqual({
      eventId: 'e1',
      code: dossier.code,
      type: 'submit',
      at: dossier.submittedAt,
      actor: { sub: 'citizen-1', role: 'citizen' },
      toState: 1,
      toUnit: WARD,
      data: { procedureCode: '1.004873', applicationHash: 'app-hash' },
      seq: 1,
      prevHash: GENESIS,
      hash: first.event.hash,
    });
    expect(first.event.hash).toBe(eventHash(first.event as never));
    expect(first.chain).toEqual({ eventCount: 1, lastEventHash: first.event.hash });
    expect(emptyChain).toEqual({ eventCount: 0, lastEventHash: GENESIS });
    // Filed by an officer at the desk: the first entry says how the application came.
    const officer = { sub: 'officer-1', role: 'officer' as const, unit: WARD };
    expect(submissionEvent(dossier, officer, 'e2', 'app-hash', { atDesk: 'post' }).event).toMatchObject({
      actor: officer,
      data: { procedureCode: '1.004873', applicationHash: 'app-hash', filedAtDesk: 'post' },
    });
  });

  it('records a transition with its inputs, the note apart, the due date and the version it made', () => {
    const first = submitted();
    const received = { ...dossier, state: 2, version: 2, dueAt: '2026-12-05T10:00:00.000Z' } as Dossier;
    const change = {
      dossier: received,
      fromState: 1 as const,
      toState: 2 as const,
      fromUnit: WARD,
      toUnit: WARD,
    };
    const next = transitionEvent(
      first.chain,
      change,
      { action: 'receive', note: 'Đủ giấy tờ' } as never,
      officer,
      at,
      'e2',
    );
    expect(next.event).toMatchObject({
      seq: 2,
      prevHash: first.event.hash,
      type: 'receive',
      at: at.toISOString(),
      actor: officer,
      fromState: 1,
      toState: 2,
      fromUnit: WARD,
      toUnit: WARD,
      note: 'Đủ giấy tờ',
      data: { dueAt: '2026-12-05T10:00:00.000Z', version: 2 },
    });
    expect(next.event.data).not.toHaveProperty('note');
    const silent = transitionEvent(
      first.chain,
      { ...change, dossier: { ...received, dueAt: undefined } },
      { action: 'receive' } as never,
      officer,
      at,
      'e2',
    );
    expect(silent.event).not.toHaveProperty('note');
    expect(silent.event.data).toEqual({ version: 2 });
    expect(verifyChain([first.event, next.event] as never)).toEqual({ valid: true, length: 2 });
  });

  it('records a hop landing or failing from its last hop, by the hand-off consumer', () => {
    const first = submitted();
    const sent = {
      ...dossier,
      state: 4,
      version: 3,
      dueAt: '2026-12-05T10:00:00.000Z',
      hops: [
        {
          seq: 2,
          kind: 'transfer',
          fromUnit: WARD,
          toUnit: DEPARTMENT,
          status: 'delivered',
          dueAt: '2026-12-04T10:00:00.000Z',
        },
      ],
    } as unknown as Dossier;
    const landed = hopEvent('handoffDelivered', { ...dossier, state: 4, ...first.chain }, sent, at, 'e3');
    expect(landed.event).toMatchObject({
      type: 'handoffDelivered',
      actor: HANDOFFS,
      fromState: 4,
      toState: 4,
      fromUnit: WARD,
      toUnit: DEPARTMENT,
      data: {
        hop: 2,
        kind: 'transfer',
        status: 'delivered',
        stepDueAt: '2026-12-04T10:00:00.000Z',
        dueAt: '2026-12-05T10:00:00.000Z',
        version: 3,
      },
    });
    const failed = {
      ...sent,
      dueAt: undefined,
      hops: [
        {
          seq: 2,
          kind: 'transfer',
          fromUnit: WARD,
          toUnit: DEPARTMENT,
          status: 'failed',
          failure: { reason: 'disabled-unit', at: 'x' },
        },
      ],
    } as unknown as Dossier;
    expect(hopEvent('handoffFailed', { ...dossier, ...first.chain }, failed, at, 'e3').event.data).toEqual({
      hop: 2,
      kind: 'transfer',
      status: 'failed',
      reason: 'disabled-unit',
      version: 3,
    });
  });

  it('records an integrator’s step or a rating with its data, between the units before and after', () => {
    const first = submitted();
    const paid = { ...dossier, state: 4, version: 5, currentUnit: DEPARTMENT } as Dossier;
    const side = sideEvent(
      'paymentConfirmed',
      { ...dossier, state: 6, ...first.chain } as never,
      paid,
      integratorActor('pay'),
      at,
      'e4',
      { amount: 8000 },
    );
    expect(side.event).toMatchObject({
      seq: 2,
      type: 'paymentConfirmed',
      actor: { sub: 'integrator:pay', role: 'system' },
      fromState: 6,
      toState: 4,
      fromUnit: WARD,
      toUnit: DEPARTMENT,
      data: { amount: 8000, version: 5 },
    });
  });
});
