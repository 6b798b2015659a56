import { describe, expect, it } from 'vitest';
import {
  type Attempt,
  type Delivery,
  mayInterest,
  syncByTarget,
  type Target,
  targetsOf,
  webhookPayload,
  webhookTarget,
} from '../../shared/domain/deliveries.ts';
import type { DossierEvent } from '../../shared/domain/dossier-events.ts';

const CODE = '000.02.30.H19-261202-0001';

const event = (more: Partial<DossierEvent> = {}): DossierEvent => ({
  seq: 5,
  eventId: 'e-5',
  code: CODE,
  type: 'transfer',
  at: '2026-12-02T03:00:00.000Z',
  actor: { sub: 'can-bo-1', role: 'officer', unit: '000.02.30.H19' },
  fromState: 2,
  toState: 4,
  fromUnit: '000.02.30.H19',
  toUnit: '000.00.14.H19',
  note: 'chuyển Sở Tư pháp thẩm định',
  data: { applicant: 'Nguyễn Thị Lan', reason: 'số CCCD 079123456789' },
  prevHash: 'a',
  hash: 'b',
  ...more,
});

describe('what a subscriber is sent of an event', () => {
  it('where the dossier is and which step moved it, in the state’s national name, stamped when sent', () => {
    expect(webhookPayload(event(), '1.004873', new Date('2026-12-02T03:00:05.000Z'))).toEqual({
      type: 'dossier.transfer',
      timestamp: '2026-12-02T03:00:05.000Z',
      data: {
        code: CODE,
        procedureCode: '1.004873',
        seq: 5,
        step: 'transfer',
        at: '2026-12-02T03:00:00.000Z',
        fromState: 2,
        toState: 4,
        stateName: 'Đang xử lý',
        fromUnit: '000.02.30.H19',
        toUnit: '000.00.14.H19',
      },
    });
  });

  it('the code of the channel that filed the dossier, when one did, and no such field otherwise', () => {
    const at = new Date('2026-12-02T03:00:05.000Z');
    expect(webhookPayload(event(), '1.004873', at, 'G22.99-261201-0042').data.MaHoSo).toBe(
      'G22.99-261201-0042',
    );
    expect('MaHoSo' in webhookPayload(event(), '1.004873', at).data).toBe(false);
  });

  it('never who filed it nor what the officer wrote, whatever the event carries', () => {
    const sent = JSON.stringify(webhookPayload(event(), '1.004873', new Date()));
    for (const word of ['Nguyễn Thị Lan', '079123456789', 'thẩm định', 'can-bo-1'])
      expect(sent).not.toContain(word);
  });

  it('a submission, with no state or unit before it, has none', () => {
    const { fromState: _s, fromUnit: _u, ...submitted } = event({ type: 'submit', toState: 1 });
    const payload = webhookPayload(submitted as DossierEvent, '1.004873', new Date());
    expect(payload.data).not.toHaveProperty('fromState');
    expect(payload.data).not.toHaveProperty('fromUnit');
    expect(payload.data).toMatchObject({ step: 'submit', toState: 1, stateName: 'Mới đăng ký' });
  });
});

describe('the national portal follows every step but ratings', () => {
  it('takes each step of a dossier, not an applicant’s rating, and only when the province has a portal', () => {
    const dossier = { procedureCode: '1.004873', units: ['000.02.30.H19'] };
    expect(targetsOf(event(), dossier, [], true)).toEqual(['portal']);
    expect(targetsOf(event({ type: 'rate' }), dossier, [], true)).toEqual([]);
    expect(targetsOf(event(), dossier, [], false)).toEqual([]);
    expect(mayInterest(event(), [], true)).toBe(true);
    expect(mayInterest(event({ type: 'rate' }), [], true)).toBe(false);
    expect(mayInterest(event(), [], false)).toBe(false);
  });

  it('sends to the subscriptions that take the event, and to none that do not', () => {
    const dossier = { procedureCode: '1.004873', units: ['000.02.30.H19'] };
    const subscription = (id: string, eventTypes: string[]) => ({
      id,
      integrator: 'lgsp',
      ownerUnit: '000.02.30.H19',
      url: 'https://lgsp.example.gov.vn/hooks',
      eventTypes,
      secret: 'sealed',
      status: 'active' as const,
      createdAt: '2026-11-01T00:00:00Z',
    });
    const subscriptions = [
      subscription('s1', ['dossier.transfer']),
      subscription('s2', ['dossier.complete']),
    ];
    expect(targetsOf(event(), dossier, subscriptions, false)).toEqual(['webhook:lgsp/s1']);
  });

  it('a webhook target names its integrator and subscription', () => {
    expect(webhookTarget({ integrator: 'lgsp', id: 's-9' })).toBe('webhook:lgsp/s-9');
  });
});

describe('where a dossier stands with each target', () => {
  const ok = (at: string): Attempt => ({ at, status: 204, ok: true });
  const answered = (at: string, status: number): Attempt => ({ at, status, ok: false });
  const broke = (at: string, error: string): Attempt => ({ at, error, ok: false });
  const delivery = (
    target: Target,
    seq: number,
    status: Delivery['status'],
    attempts: Attempt[],
  ): Delivery => ({
    target,
    id: `${target}:${seq}`,
    code: CODE,
    procedureCode: '1.004873',
    event: event({ seq }),
    status,
    attempts,
    seriesFrom: 0,
    createdAt: '2026-12-02T03:00:00.000Z',
  });

  it('synced when every event was taken, counting them, with the latest attempt', () => {
    const [portal] = syncByTarget([
      delivery('portal', 1, 'delivered', [ok('2026-12-02T03:00:01.000Z')]),
      delivery('portal', 2, 'delivered', [
        answered('2026-12-02T04:00:01.000Z', 503),
        ok('2026-12-02T04:00:09.000Z'),
      ]),
    ]);
    expect(portal).toEqual({
      target: 'portal',
      status: 'synced',
      events: 2,
      delivered: 2,
      lastAttempt: ok('2026-12-02T04:00:09.000Z'),
    });
  });

  it('failed over pending over held, with why the stuck delivery did not go', () => {
    const [hook] = syncByTarget([
      delivery('webhook:lgsp/s1', 1, 'delivered', [ok('2026-12-02T03:00:01.000Z')]),
      delivery('webhook:lgsp/s1', 2, 'held', []),
      delivery('webhook:lgsp/s1', 3, 'pending', [answered('2026-12-02T05:00:00.000Z', 500)]),
      delivery('webhook:lgsp/s1', 4, 'failed', [broke('2026-12-01T05:00:00.000Z', 'timeout')]),
    ]);
    expect(hook).toMatchObject({ status: 'failed', events: 4, delivered: 1 });
    expect(hook?.reason).toBe('answered 500');
    expect(hook?.lastAttempt?.at).toBe('2026-12-02T05:00:00.000Z');
    const [pending] = syncByTarget([
      delivery('portal', 2, 'held', []),
      delivery('portal', 3, 'pending', [broke('2026-12-02T05:00:00.000Z', 'connection refused')]),
    ]);
    expect(pending).toMatchObject({ status: 'pending', reason: 'connection refused' });
    const [held] = syncByTarget([delivery('portal', 1, 'delivered', []), delivery('portal', 2, 'held', [])]);
    expect(held?.status).toBe('held');
    expect(held).not.toHaveProperty('reason');
    expect(held).not.toHaveProperty('lastAttempt');
  });

  it('tells why a failed delivery did not go even when one still pending came before it', () => {
    const [hook] = syncByTarget([
      delivery('webhook:lgsp/s1', 1, 'failed', [broke('2026-12-01T05:00:00.000Z', 'timeout')]),
      delivery('webhook:lgsp/s1', 2, 'pending', [answered('2026-12-02T05:00:00.000Z', 500)]),
    ]);
    expect(hook).toMatchObject({ status: 'failed', reason: 'timeout' });
  });

  it('gives no reason for a delivery still waiting whose last attempt went through', () => {
    const [portal] = syncByTarget([delivery('portal', 1, 'pending', [ok('2026-12-02T03:00:01.000Z')])]);
    expect(portal).not.toHaveProperty('reason');
  });

  it('lists the targets in the order they were first sent to', () => {
    const sync = syncByTarget([
      delivery('webhook:lgsp/s1', 1, 'delivered', []),
      delivery('portal', 1, 'delivered', []),
      delivery('webhook:lgsp/s1', 2, 'delivered', []),
      delivery('unit:000.00.00.G12', 3, 'pending', []),
    ]);
    expect(sync.map(({ target, events }) => [target, events])).toEqual([
      ['webhook:lgsp/s1', 2],
      ['portal', 1],
      ['unit:000.00.00.G12', 1],
    ]);
  });
});
