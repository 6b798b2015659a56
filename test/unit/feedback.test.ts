import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import { actOnFeedback, newFeedback, publishedView } from '../../shared/domain/feedback.ts';
import { demoProvince } from '../support/runtime.ts';

/** The demo province's calendar: 1 and 2 September 2026 are the National Day holidays. */
const calendar = new WorkingCalendar(demoProvince().calendar);
const vn = (local: string) => new Date(`${local}+07:00`);

const submitted = () =>
  newFeedback(
    {
      id: 'pakn-1',
      kind: 'procedure',
      subject: 'Thời hạn cấp giấy xác nhận',
      content: 'Tôi là Nguyễn Văn A, số điện thoại 0912345678, hồ sơ của tôi bị chậm.',
      authorSub: 'citizen-a',
      unit: '000.02.30.H19',
    },
    vn('2026-08-28T10:00:00'),
    calendar,
  );

describe('feedback and petitions (phản ánh, kiến nghị)', () => {
  it('count their deadlines in working days from submission, over the National Day holidays', () => {
    // Friday 28 August; 1–2 September are holidays: 31/8 is the first working day, 3/9 the second.
    expect(submitted()).toMatchObject({
      state: 'received',
      refuseBy: vn('2026-09-03T17:00:00').toISOString(),
      supplementBy: vn('2026-09-08T17:00:00').toISOString(),
      answerBy: vn('2026-09-22T17:00:00').toISOString(),
    });
  });

  it('start the clock again on a transfer, answer on time, and publish within two working days', () => {
    const moved = actOnFeedback(
      submitted(),
      { action: 'transfer', toUnit: '000.00.14.H19' },
      vn('2026-09-10T10:00:00'),
      calendar,
    );
    expect(moved).toMatchObject({
      unit: '000.00.14.H19',
      state: 'received',
      refuseBy: vn('2026-09-14T17:00:00').toISOString(),
      answerBy: vn('2026-10-01T17:00:00').toISOString(),
      transfers: [{ from: '000.02.30.H19', to: '000.00.14.H19' }],
    });
    const answered = actOnFeedback(
      moved,
      { action: 'answer', answer: 'Sở đã chấn chỉnh.' },
      vn('2026-09-30T09:00:00'),
      calendar,
    );
    expect(answered).toMatchObject({
      state: 'awaiting-publication',
      answeredOnTime: true,
      publishBy: vn('2026-10-02T17:00:00').toISOString(),
    });
    const late = actOnFeedback(moved, { action: 'answer', answer: 'x' }, vn('2026-10-02T09:00:00'), calendar);
    expect(late.answeredOnTime).toBe(false);
    const published = actOnFeedback(
      answered,
      { action: 'publish', publicQuestion: 'Hồ sơ xác nhận tình trạng hôn nhân giải quyết chậm hẹn.' },
      vn('2026-10-01T09:00:00'),
      calendar,
    );
    const shown = JSON.stringify(publishedView(published));
    expect(shown).toContain('Sở đã chấn chỉnh.');
    for (const personal of ['Nguyễn Văn A', '0912345678', 'citizen-a']) expect(shown).not.toContain(personal);
  });

  it('ask for a supplement once it is received, take it, and refuse steps out of turn', () => {
    const asked = actOnFeedback(
      submitted(),
      { action: 'requestSupplement', items: ['Mã hồ sơ'] },
      vn('2026-08-31T10:00:00'),
      calendar,
    );
    expect(asked.state).toBe('supplement-requested');
    expect(() =>
      actOnFeedback(asked, { action: 'answer', answer: 'x' }, vn('2026-08-31T11:00:00'), calendar),
    ).toThrow(expect.objectContaining({ kind: 'action-not-allowed-in-state' }));
    const given = actOnFeedback(
      asked,
      { action: 'supplement', text: '000.02.30.H19-260828-0001' },
      vn('2026-09-03T10:00:00'),
      calendar,
    );
    expect(given.state).toBe('supplemented');
    expect(() =>
      actOnFeedback(given, { action: 'publish', publicQuestion: 'x' }, vn('2026-09-03T11:00:00'), calendar),
    ).toThrow();
    expect(
      actOnFeedback(
        given,
        { action: 'refuse', reason: 'Không thuộc phạm vi' },
        vn('2026-09-03T11:00:00'),
        calendar,
      ).state,
    ).toBe('refused');
  });
});
