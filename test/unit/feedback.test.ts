import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import {
  actOnFeedback,
  currentDeadline,
  type Feedback,
  type FeedbackCommand,
  type FeedbackEvent,
  newFeedback,
  publishedView,
  tallyOf,
} from '../../shared/domain/feedback.ts';
import { verifyChain } from '../../shared/domain/history.ts';
import { countsForFeedback } from '../../shared/domain/indicators.ts';
import { personalDataOf } from '../../shared/domain/personal-data.ts';
import { demoProvince } from '../support/runtime.ts';

/** The demo province's calendar: 1 and 2 September 2026 are the National Day holidays. */
const calendar = new WorkingCalendar(demoProvince().calendar);
const vn = (local: string) => new Date(`${local}+07:00`);

const author = { sub: 'citizen-a', role: 'citizen' } as const;
const officer = { sub: 'officer-b', role: 'officer', unit: '000.02.30.H19' } as const;

const first = () =>
  newFeedback(
    {
      id: 'pakn-1',
      kind: 'procedure',
      subject: 'Thời hạn cấp giấy xác nhận',
      content: 'Tôi là Nguyễn Văn A, số điện thoại 0912345678, hồ sơ của tôi bị chậm.',
      authorSub: 'citizen-a',
      unit: '000.02.30.H19',
      attachments: [],
    },
    author,
    'event-1',
    vn('2026-08-28T10:00:00'),
    calendar,
  );
const submitted = () => first().feedback;

let steps = 1;
/** One step by the unit (or the author, for a supplement), its history entry kept aside. */
const history: FeedbackEvent[] = [];
function act(feedback: Feedback, command: FeedbackCommand, at: Date): Feedback {
  const by = { actor: command.action === 'supplement' ? author : officer, eventId: `event-${++steps}` };
  const step = actOnFeedback(feedback, command, by, at, calendar);
  history.push(step.event);
  return step.feedback;
}

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
    const moved = act(
      submitted(),
      { action: 'transfer', toUnit: '000.00.14.H19' },
      vn('2026-09-10T10:00:00'),
    );
    expect(moved).toMatchObject({
      unit: '000.00.14.H19',
      state: 'received',
      refuseBy: vn('2026-09-14T17:00:00').toISOString(),
      answerBy: vn('2026-10-01T17:00:00').toISOString(),
      transfers: [{ from: '000.02.30.H19', to: '000.00.14.H19' }],
    });
    const answered = act(moved, { action: 'answer', answer: 'Sở đã chấn chỉnh.' }, vn('2026-09-30T09:00:00'));
    expect(answered).toMatchObject({
      state: 'awaiting-publication',
      answeredOnTime: true,
      publishBy: vn('2026-10-02T17:00:00').toISOString(),
    });
    const late = act(moved, { action: 'answer', answer: 'x' }, vn('2026-10-02T09:00:00'));
    expect(late.answeredOnTime).toBe(false);
    const published = act(
      answered,
      { action: 'publish', publicQuestion: 'Hồ sơ xác nhận tình trạng hôn nhân giải quyết chậm hẹn.' },
      vn('2026-10-01T09:00:00'),
    );
    const shown = JSON.stringify(publishedView(published));
    expect(shown).toContain('Sở đã chấn chỉnh.');
    for (const personal of ['Nguyễn Văn A', '0912345678', 'citizen-a']) expect(shown).not.toContain(personal);
  });

  it('ask for a supplement once it is received, take it, and refuse steps out of turn', () => {
    const asked = act(
      submitted(),
      { action: 'requestSupplement', items: ['Mã hồ sơ'] },
      vn('2026-08-31T10:00:00'),
    );
    expect(asked.state).toBe('supplement-requested');
    expect(() => act(asked, { action: 'answer', answer: 'x' }, vn('2026-08-31T11:00:00'))).toThrow(
      expect.objectContaining({ kind: 'action-not-allowed-in-state' }),
    );
    const given = act(
      asked,
      { action: 'supplement', text: '000.02.30.H19-260828-0001' },
      vn('2026-09-03T10:00:00'),
    );
    expect(given.state).toBe('supplemented');
    expect(() => act(given, { action: 'publish', publicQuestion: 'x' }, vn('2026-09-03T11:00:00'))).toThrow();
    expect(
      act(given, { action: 'refuse', reason: 'Không thuộc phạm vi' }, vn('2026-09-03T11:00:00')).state,
    ).toBe('refused');
  });

  it('keep every step in a hash-chained history that shows a rewritten entry', () => {
    history.length = 0;
    const { feedback, event } = first();
    history.push(event);
    const moved = act(feedback, { action: 'transfer', toUnit: '000.00.14.H19' }, vn('2026-09-10T10:00:00'));
    const answered = act(moved, { action: 'answer', answer: 'Đã trả lời.' }, vn('2026-09-11T10:00:00'));
    expect(answered).toMatchObject({ eventCount: 3, lastEventHash: history[2]!.hash });
    expect(history.map((one) => [one.type, one.unit, one.state])).toEqual([
      ['submit', '000.02.30.H19', 'received'],
      ['transfer', '000.00.14.H19', 'received'],
      ['answer', '000.00.14.H19', 'awaiting-publication'],
    ]);
    expect(history[2]!.data).toEqual({ answer: 'Đã trả lời.', answeredOnTime: true });
    expect(history[1]!.data).toEqual({ toUnit: '000.00.14.H19', answerBy: moved.answerBy });
    const chain = history as unknown as Parameters<typeof verifyChain>[0];
    expect(verifyChain(chain)).toEqual({ valid: true, length: 3 });
    const rewritten = chain.map((one, at) => (at === 1 ? { ...one, unit: '000.02.30.H19' } : one));
    expect(verifyChain(rewritten)).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('hold the unit to the answer while it has it, to publication once answered, to nothing while the author supplements', () => {
    const received = submitted();
    expect(currentDeadline(received)).toEqual({ kind: 'answer', dueAt: received.answerBy });
    const asked = act(
      received,
      { action: 'requestSupplement', items: ['Mã hồ sơ'] },
      vn('2026-08-31T10:00:00'),
    );
    expect(currentDeadline(asked)).toBeUndefined();
    const answered = act(received, { action: 'answer', answer: 'x' }, vn('2026-08-31T10:00:00'));
    expect(currentDeadline(answered)).toEqual({ kind: 'publish', dueAt: answered.publishBy });
    const published = act(answered, { action: 'publish', publicQuestion: 'y' }, vn('2026-08-31T11:00:00'));
    expect(currentDeadline(published)).toBeUndefined();
  });

  it('count an answer published after its two working days as published late', () => {
    const answered = act(submitted(), { action: 'answer', answer: 'Đã xử lý.' }, vn('2026-09-03T10:00:00'));
    // Answered Thursday 3 September: published by the end of Monday 7.
    expect(answered.publishBy).toBe(vn('2026-09-07T17:00:00').toISOString());
    const onTime = actOnFeedback(
      answered,
      { action: 'publish', publicQuestion: 'Hỏi' },
      { actor: officer, eventId: 'on-time' },
      vn('2026-09-07T16:59:00'),
      calendar,
    );
    const late = actOnFeedback(
      answered,
      { action: 'publish', publicQuestion: 'Hỏi' },
      { actor: officer, eventId: 'late' },
      vn('2026-09-07T17:01:00'),
      calendar,
    );
    expect(tallyOf(onTime.event)).toMatchObject({ type: 'publish', onTime: true });
    expect(tallyOf(late.event)).toMatchObject({ type: 'publish', onTime: false });
    expect(countsForFeedback(tallyOf(late.event))).toEqual({ feedbackPublished: 1 });
  });

  it('name the dossier on submission and its procedure at every step, so that its counters follow the whole handling', () => {
    const { feedback, event } = newFeedback(
      {
        id: 'pakn-2',
        kind: 'procedure',
        subject: 'Chậm',
        content: 'Hồ sơ chậm.',
        dossierCode: '000.02.30.H19-260828-0001',
        procedureCode: '1.004873',
        authorSub: 'citizen-a',
        unit: '000.02.30.H19',
        attachments: [],
      },
      author,
      'event-c1',
      vn('2026-08-28T10:00:00'),
      calendar,
    );
    expect(tallyOf(event)).toMatchObject({
      type: 'submit',
      procedureCode: '1.004873',
      dossierCode: '000.02.30.H19-260828-0001',
    });
    const answered = actOnFeedback(
      feedback,
      { action: 'answer', answer: 'Đã xử lý.' },
      { actor: officer, eventId: 'event-c2' },
      vn('2026-08-31T10:00:00'),
      calendar,
    );
    const published = actOnFeedback(
      answered.feedback,
      { action: 'publish', publicQuestion: 'Hồ sơ chậm?' },
      { actor: officer, eventId: 'event-c3' },
      vn('2026-08-31T11:00:00'),
      calendar,
    );
    for (const step of [answered.event, published.event]) {
      expect(tallyOf(step).procedureCode).toBe('1.004873');
      expect(tallyOf(step).dossierCode).toBeUndefined();
    }
  });

  it('publish the question and the answer without the people’s data, and show the officer that text from the answer on', () => {
    const { feedback } = newFeedback(
      {
        id: 'pakn-3',
        kind: 'conduct',
        subject: 'Cán bộ hẹn nhiều lần',
        content: 'Tôi là Lê Văn Tám, 0903 111 222.',
        authorSub: 'citizen-a',
        unit: '000.02.30.H19',
        attachments: [],
        personal: personalDataOf({ fullName: 'Lê Văn Tám', idNumber: '001099000111', phone: '0903111222' }),
      },
      author,
      'event-p1',
      vn('2026-08-28T10:00:00'),
      calendar,
    );
    const answered = actOnFeedback(
      feedback,
      {
        action: 'answer',
        answer: 'Đã làm việc với ông LÊ VĂN TÁM (CCCD 001 099 000 111, ĐT 0903.111.222) và nhắc nhở cán bộ.',
        publicQuestion: 'Ông Le Van Tam phản ánh cán bộ hẹn nhiều lần.',
      },
      { actor: officer, eventId: 'event-p2' },
      vn('2026-08-31T10:00:00'),
      calendar,
    ).feedback;
    expect(answered).toMatchObject({
      publicAnswer: 'Đã làm việc với ông *** (CCCD ***, ĐT ***) và nhắc nhở cán bộ.',
      publicQuestion: 'Ông *** phản ánh cán bộ hẹn nhiều lần.',
    });
    // The question proposed with the answer is published as it was shown.
    const published = actOnFeedback(
      answered,
      { action: 'publish' },
      { actor: officer, eventId: 'event-p3' },
      vn('2026-08-31T11:00:00'),
      calendar,
    ).feedback;
    expect(publishedView(published)).toMatchObject({
      question: answered.publicQuestion,
      answer: answered.publicAnswer,
    });
    // Without a question, proposed or given, there is nothing to publish.
    const { publicQuestion: _proposed, ...unproposed } = answered;
    expect(() =>
      actOnFeedback(
        unproposed,
        { action: 'publish' },
        { actor: officer, eventId: 'event-p4' },
        vn('2026-08-31T11:00:00'),
        calendar,
      ),
    ).toThrow(expect.objectContaining({ kind: 'validation-failed' }));
    // Feedback published before the scrubber existed is scrubbed on the way out.
    const old = {
      ...published,
      publicAnswer: undefined,
      answer: 'Gọi 0903111222.',
      publicQuestion: 'Ông Lê Văn Tám hỏi.',
    };
    expect(publishedView(old)).toMatchObject({ question: 'Ông *** hỏi.', answer: 'Gọi ***.' });
  });
});
