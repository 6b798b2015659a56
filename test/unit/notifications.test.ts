import { describe, expect, it } from 'vitest';
import type { DossierEvent } from '../../shared/domain/dossier-events.ts';
import { NOTIFICATION_KINDS, notificationsFor, render } from '../../shared/domain/notifications.ts';

const vars = {
  code: '000.02.30.H19-261128-0001',
  procedureName: 'Cấp Giấy xác nhận tình trạng hôn nhân',
  dueAt: '2026-12-03T10:00:00.000Z',
  reason: 'Tờ khai chưa đúng mẫu',
  items: ['Bản sao Giấy khai sinh'],
  amount: 8000,
};

const event = (type: DossierEvent['type'], extra: Partial<DossierEvent> = {}): DossierEvent => ({
  seq: 2,
  eventId: 'e-1',
  code: vars.code,
  type,
  at: '2026-11-28T03:00:00.000Z',
  actor: { sub: 'o', role: 'officer', unit: '000.02.30.H19' },
  toState: 2,
  toUnit: '000.02.30.H19',
  data: {},
  prevHash: '',
  hash: '',
  ...extra,
});

describe('notifications', () => {
  it.each(NOTIFICATION_KINDS)(
    '%s renders in Vietnamese and English, with the code and NFC diacritics',
    (kind) => {
      const vi = render(kind, vars, 'vi');
      const en = render(kind, vars, 'en');
      for (const text of [vi.subject, vi.text, en.subject, en.text]) {
        expect(text).toContain(vars.code);
        expect(text).toBe(text.normalize('NFC'));
        expect(text).not.toMatch(/undefined|NaN/);
      }
      expect(vi.text).not.toBe(en.text);
      expect(vi.text).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
    },
  );

  it('tells the applicant what happened and what to do next', () => {
    expect(render('supplement-requested', vars, 'vi').text).toContain('Bản sao Giấy khai sinh');
    expect(render('payment-requested', vars, 'vi').text).toMatch(/8\.000 đồng/);
    expect(render('received', vars, 'vi').text).toContain('03/12/2026');
  });

  it('calls for one notification per recipient, with ids stable across retries', () => {
    expect(notificationsFor(event('receive'), 'citizen-a', vars.procedureName)).toEqual([
      expect.objectContaining({ id: 'e-1:citizen', kind: 'received', recipient: { citizen: 'citizen-a' } }),
    ]);
    expect(notificationsFor(event('submit'), 'citizen-a', vars.procedureName)).toEqual([
      expect.objectContaining({ id: 'e-1:unit', kind: 'new-in-inbox', recipient: { unit: '000.02.30.H19' } }),
    ]);
    expect(notificationsFor(event('startProcessing'), 'citizen-a', vars.procedureName)).toEqual([]);
    // Re-reception after a supplement is no news to the applicant.
    expect(notificationsFor(event('receive', { fromState: 5 }), 'citizen-a', vars.procedureName)).toEqual([]);
  });
});
