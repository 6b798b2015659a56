import { describe, expect, it } from 'vitest';
import type { DossierEvent } from '../../shared/domain/dossier-events.ts';
import { notificationsFor } from '../../shared/domain/notifications.ts';

const CODE = '000.02.30.H19-261202-0001';
const event = (type: string, fields: Partial<DossierEvent> = {}): DossierEvent =>
  ({
    eventId: `event-${type}`,
    code: CODE,
    type,
    at: '2026-12-02T03:00:00.000Z',
    toUnit: '000.02.30.H19',
    data: {},
    ...fields,
  }) as DossierEvent;

const told = (one: DossierEvent) =>
  notificationsFor(one, 'citizen-1', 'Đăng ký khai sinh').map(({ kind, recipient }) => [kind, recipient]);

describe('who is told of a step of a dossier', () => {
  it.each([
    ['receive', 'received'],
    ['refuse', 'refused'],
    ['requestSupplement', 'supplement-requested'],
    ['requestPayment', 'payment-requested'],
    ['complete', 'result-ready'],
    ['returnResult', 'result-returned'],
    ['stop', 'stopped'],
    ['extendDeadline', 'late'],
  ])('the applicant, of %s, as %s', (type, kind) => {
    expect(told(event(type))).toEqual([[kind, { citizen: 'citizen-1' }]]);
  });

  it('nobody of the steps that change nothing for the applicant, nor of a supplement received back', () => {
    for (const type of ['startProcessing', 'transfer', 'returnFromTransfer', 'confirmPayment', 'rate'])
      expect(told(event(type)), type).toEqual([]);
    expect(told(event('receive', { fromState: 5 }))).toEqual([]);
    expect(told(event('receive', { fromState: 1 }))).toEqual([['received', { citizen: 'citizen-1' }]]);
  });

  it('the unit a dossier arrives at: submitted to its desk, or handed over and landed', () => {
    expect(told(event('submit'))).toEqual([['new-in-inbox', { unit: '000.02.30.H19' }]]);
    const landed = event('handoffDelivered', { toUnit: '000.00.14.H19', data: { status: 'delivered' } });
    expect(told(landed)).toEqual([['new-in-inbox', { unit: '000.00.14.H19' }]]);
    // Queued for a unit outside the deployment: nobody here to tell.
    expect(told(event('handoffDelivered', { data: { status: 'queued-external' } }))).toEqual([]);
  });

  it('the sending unit of a hop that failed, with where it was going', () => {
    const failed = event('handoffFailed', { fromUnit: '000.02.30.H19', toUnit: '000.99.99.H19' });
    const [notice] = notificationsFor(failed, 'citizen-1', 'x');
    expect(notice).toMatchObject({
      id: 'event-handoffFailed:unit',
      kind: 'handoff-failed',
      recipient: { unit: '000.02.30.H19' },
      vars: { code: CODE, toUnit: '000.99.99.H19' },
    });
    expect(told(event('handoffFailed'))).toEqual([]);
  });

  it('with ids stable across retries, dated by the event, and the step’s details to write', () => {
    const asked = event('requestPayment', {
      data: { amount: 8000, dueAt: 'due', stepDueAt: 'step', reason: 'lệ phí', items: ['a'], status: 'x' },
    });
    expect(notificationsFor(asked, 'citizen-1', 'Đăng ký khai sinh')).toEqual([
      {
        id: 'event-requestPayment:citizen',
        eventId: 'event-requestPayment',
        kind: 'payment-requested',
        recipient: { citizen: 'citizen-1' },
        code: CODE,
        at: '2026-12-02T03:00:00.000Z',
        vars: {
          code: CODE,
          procedureName: 'Đăng ký khai sinh',
          dueAt: 'due',
          stepDueAt: 'step',
          reason: 'lệ phí',
          items: ['a'],
          amount: 8000,
        },
      },
    ]);
    expect(notificationsFor(event('refuse'), 'c', 'p')[0]?.vars).toEqual({ code: CODE, procedureName: 'p' });
  });
});

describe('who is told, whatever the step came from', () => {
  it('the applicant of a refusal or a stop of a dossier that was waiting for a supplement', () => {
    expect(told(event('refuse', { fromState: 5 }))).toEqual([['refused', { citizen: 'citizen-1' }]]);
    expect(told(event('stop', { fromState: 5 }))).toEqual([['stopped', { citizen: 'citizen-1' }]]);
  });

  it('no unit of a failure when a step between two units went through', () => {
    const between = { fromUnit: '000.02.30.H19', toUnit: '000.00.14.H19' };
    for (const type of ['transfer', 'returnFromTransfer'])
      expect(told(event(type, between)), type).toEqual([]);
    expect(told(event('receive', between))).toEqual([['received', { citizen: 'citizen-1' }]]);
  });
});
