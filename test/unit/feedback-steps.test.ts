import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import {
  actOnFeedback,
  currentDeadline,
  type Feedback,
  type FeedbackCommand,
  feedbackNotifications,
  newFeedback,
  publishedOnTime,
  publishedView,
  recordHash,
  tallyOf,
} from '../../shared/domain/feedback.ts';
import { personalDataOf } from '../../shared/domain/personal-data.ts';
import { demoProvince } from '../support/runtime.ts';

const calendar = new WorkingCalendar(demoProvince().calendar);
const vn = (local: string) => new Date(`${local}+07:00`);
const author = { sub: 'citizen-a', role: 'citizen' } as const;
const officer = { sub: 'officer-b', role: 'officer', unit: '000.02.30.H19' } as const;
const WARD = '000.02.30.H19';
const DEPARTMENT = '000.00.14.H19';

const submitted = (more: Partial<Parameters<typeof newFeedback>[0]> = {}) =>
  newFeedback(
    {
      id: 'pakn-9',
      kind: 'procedure',
      subject: 'Thời hạn',
      content: 'Hồ sơ của tôi bị chậm.',
      authorSub: 'citizen-a',
      unit: WARD,
      attachments: [],
      ...more,
    },
    author,
    'event-1',
    vn('2026-10-05T10:00:00'),
    calendar,
  );

const step = (feedback: Feedback, command: FeedbackCommand, at: Date, eventId = 'event-x') =>
  actOnFeedback(
    feedback,
    command,
    { actor: command.action === 'supplement' ? author : officer, eventId },
    at,
    calendar,
  );

describe('who is told of a step of feedback', () => {
  it('the unit of a new feedback, with its answer deadline; nobody else', () => {
    const { feedback, event } = submitted();
    expect(feedbackNotifications(event)).toEqual([
      {
        eventId: 'event-1',
        code: 'pakn-9',
        at: event.at,
        id: 'event-1:unit',
        kind: 'feedback-new',
        recipient: { unit: WARD },
        vars: { code: 'pakn-9', dueAt: feedback.answerBy },
      },
    ]);
  });

  it('the unit it is transferred to, with its new deadline, and the author of where it went', () => {
    const { feedback } = submitted();
    const moved = step(
      feedback,
      { action: 'transfer', toUnit: DEPARTMENT },
      vn('2026-10-06T10:00:00'),
      'event-2',
    );
    expect(feedbackNotifications(moved.event)).toEqual([
      expect.objectContaining({
        id: 'event-2:unit',
        kind: 'feedback-new',
        recipient: { unit: DEPARTMENT },
        vars: { code: 'pakn-9', dueAt: moved.feedback.answerBy },
      }),
      expect.objectContaining({
        id: 'event-2:citizen',
        kind: 'feedback-step',
        recipient: { citizen: 'citizen-a' },
        vars: { code: 'pakn-9', state: 'received' },
      }),
    ]);
  });

  it('the author of each decision of the unit, with the reason of a refusal; nobody of the author’s own supplement', () => {
    const { feedback } = submitted();
    const refused = step(
      feedback,
      { action: 'refuse', reason: 'Không thuộc thẩm quyền' },
      vn('2026-10-06T10:00:00'),
    );
    expect(feedbackNotifications(refused.event)).toEqual([
      {
        eventId: 'event-x',
        code: 'pakn-9',
        at: refused.event.at,
        id: 'event-x:citizen',
        kind: 'feedback-step',
        recipient: { citizen: 'citizen-a' },
        vars: { code: 'pakn-9', state: 'refused', reason: 'Không thuộc thẩm quyền' },
      },
    ]);
    const asked = step(
      feedback,
      { action: 'requestSupplement', items: ['Mã hồ sơ'] },
      vn('2026-10-06T10:00:00'),
    );
    expect(feedbackNotifications(asked.event).map((one) => [one.kind, one.vars])).toEqual([
      ['feedback-step', { code: 'pakn-9', state: 'supplement-requested' }],
    ]);
    const given = step(asked.feedback, { action: 'supplement', text: 'H19-0001' }, vn('2026-10-07T10:00:00'));
    expect(feedbackNotifications(given.event)).toEqual([]);
    const answered = step(
      given.feedback,
      { action: 'answer', answer: 'Đã xử lý.' },
      vn('2026-10-08T10:00:00'),
    );
    expect(feedbackNotifications(answered.event).map((one) => one.recipient)).toEqual([
      { citizen: 'citizen-a' },
    ]);
    const published = step(
      answered.feedback,
      { action: 'publish', publicQuestion: 'Chậm?' },
      vn('2026-10-08T11:00:00'),
    );
    expect(feedbackNotifications(published.event).map((one) => one.vars.state)).toEqual(['published']);
  });
});

describe('the steps of feedback', () => {
  it('each step makes a new version', () => {
    const { feedback } = submitted();
    expect(feedback.version).toBe(1);
    const asked = step(feedback, { action: 'requestSupplement', items: ['x'] }, vn('2026-10-06T10:00:00'));
    const given = step(asked.feedback, { action: 'supplement', text: 'y' }, vn('2026-10-07T10:00:00'));
    expect([asked.feedback.version, given.feedback.version]).toEqual([2, 3]);
  });

  it('a transfer must name another unit than the one that has it', () => {
    const { feedback } = submitted();
    expect(() => step(feedback, { action: 'transfer', toUnit: WARD }, vn('2026-10-06T10:00:00'))).toThrow(
      expect.objectContaining({
        kind: 'validation-failed',
        detail: { vi: 'Cần đơn vị nhận khác đơn vị hiện tại.', en: 'Name another unit to transfer to.' },
      }),
    );
  });

  it('a step out of turn is refused, saying which step and in which state', () => {
    const { feedback } = submitted();
    expect(() =>
      step(feedback, { action: 'publish', publicQuestion: 'x' }, vn('2026-10-06T10:00:00')),
    ).toThrow(
      expect.objectContaining({
        kind: 'action-not-allowed-in-state',
        detail: {
          vi: 'Không thể "publish" khi phản ánh ở trạng thái received.',
          en: '"publish" does not apply to feedback that is received.',
        },
      }),
    );
  });

  it('publishing without a question, proposed or given, names the field it needs', () => {
    const { feedback } = submitted();
    const answered = step(feedback, { action: 'answer', answer: 'Đã xử lý.' }, vn('2026-10-06T10:00:00'));
    expect(() => step(answered.feedback, { action: 'publish' }, vn('2026-10-06T11:00:00'))).toThrow(
      expect.objectContaining({
        issues: [
          {
            path: 'body.publicQuestion',
            code: 'required',
            message: {
              vi: 'Cần câu hỏi để công khai (hoặc đã đề xuất khi trả lời).',
              en: 'Give the question as the public will read it (or propose it with the answer).',
            },
          },
        ],
      }),
    );
  });

  it('an answer given at the very end of its deadline is on time, and so is one published at the end of its own', () => {
    const { feedback } = submitted();
    const atDeadline = new Date(feedback.answerBy);
    const answered = step(feedback, { action: 'answer', answer: 'Đã xử lý.' }, atDeadline);
    expect(answered.feedback.answeredOnTime).toBe(true);
    expect(answered.event.data).toMatchObject({ answeredOnTime: true });
    const late = step(feedback, { action: 'answer', answer: 'x' }, new Date(atDeadline.getTime() + 1000));
    expect(late.feedback.answeredOnTime).toBe(false);
    const publishBy = answered.feedback.publishBy!;
    expect(publishedOnTime({ publishBy }, new Date(publishBy))).toBe(true);
    expect(publishedOnTime({ publishBy }, new Date(Date.parse(publishBy) + 1000))).toBe(false);
    expect(publishedOnTime({}, new Date(0))).toBe(false);
  });

  it('publishes the answer shown to the officer, or the answer scrubbed when none was shown', () => {
    const { feedback } = submitted({ personal: personalDataOf({ fullName: 'Lê Văn Tám' }) });
    const answered = step(
      feedback,
      { action: 'answer', answer: 'Đã gọi ông Lê Văn Tám.' },
      vn('2026-10-06T10:00:00'),
    );
    const published = step(
      answered.feedback,
      { action: 'publish', publicQuestion: 'Hỏi?' },
      vn('2026-10-06T11:00:00'),
    );
    expect(published.feedback).toMatchObject({
      state: 'published',
      publicQuestion: 'Hỏi?',
      publicAnswer: 'Đã gọi ông ***.',
      publishedAt: vn('2026-10-06T11:00:00').toISOString(),
    });
    const shown = { ...answered.feedback, publicAnswer: 'Đã trả lời trực tiếp.' };
    expect(
      step(shown, { action: 'publish', publicQuestion: 'Hỏi?' }, vn('2026-10-06T11:00:00')).feedback
        .publicAnswer,
    ).toBe('Đã trả lời trực tiếp.');
    const { publicAnswer: _a, answer: _b, ...unanswered } = answered.feedback;
    expect(
      step(unanswered, { action: 'publish', publicQuestion: 'Hỏi?' }, vn('2026-10-06T11:00:00')).feedback
        .publicAnswer,
    ).toBe('');
  });

  it('records of a step its own words only, with the procedure of a complaint', () => {
    const { feedback } = submitted({ dossierCode: 'H19-0001', procedureCode: '1.004873' });
    const asked = step(
      feedback,
      { action: 'requestSupplement', items: ['Mã hồ sơ'] },
      vn('2026-10-06T10:00:00'),
    );
    expect(asked.event.data).toEqual({ items: ['Mã hồ sơ'], procedureCode: '1.004873' });
    const plain = step(
      submitted().feedback,
      { action: 'refuse', reason: 'Trùng' },
      vn('2026-10-06T10:00:00'),
    );
    expect(plain.event.data).toEqual({ reason: 'Trùng' });
  });

  it('records of the author’s files on submission their upload and hash only', () => {
    const file = { uploadId: 'u-1', fileName: 'anh.jpg', contentType: 'image/jpeg', size: 10, sha256: 'abc' };
    const { event } = submitted({ attachments: [file] });
    expect(event.data.attachments).toEqual([{ uploadId: 'u-1', sha256: 'abc' }]);
  });
});

describe('what the indicators and the deadlines read of feedback', () => {
  it('a step without a deadline to meet is neither on time nor late, and only a submission names the dossier', () => {
    const { feedback } = submitted({ dossierCode: 'H19-0001', procedureCode: '1.004873' });
    const asked = step(feedback, { action: 'requestSupplement', items: ['x'] }, vn('2026-10-06T10:00:00'));
    expect(tallyOf(asked.event)).not.toHaveProperty('onTime');
    expect(tallyOf(asked.event)).not.toHaveProperty('dossierCode');
    const forged = { ...asked.event, data: { ...asked.event.data, dossierCode: 'H19-0001' } };
    expect(tallyOf(forged)).not.toHaveProperty('dossierCode');
    const late = step(feedback, { action: 'answer', answer: 'x' }, vn('2026-12-30T10:00:00'));
    expect(tallyOf(late.event)).toMatchObject({ onTime: false });
  });

  it('holds the unit to the answer again once the author has supplemented', () => {
    const { feedback } = submitted();
    const asked = step(feedback, { action: 'requestSupplement', items: ['x'] }, vn('2026-10-06T10:00:00'));
    const given = step(asked.feedback, { action: 'supplement', text: 'y' }, vn('2026-10-07T10:00:00'));
    expect(currentDeadline(given.feedback)).toEqual({ kind: 'answer', dueAt: feedback.answerBy });
    expect(currentDeadline({ ...given.feedback, state: 'refused' })).toBeUndefined();
  });

  it('shows of feedback not yet answered nor published empty texts and dates, never who asked', () => {
    const { feedback } = submitted();
    expect(publishedView(feedback)).toEqual({
      id: 'pakn-9',
      kind: 'procedure',
      unit: WARD,
      question: '',
      answer: '',
      answeredAt: '',
      publishedAt: '',
    });
  });
});

describe('the hash of feedback as a step left it', () => {
  it('changes with anything written onto it, not with its votes nor its history’s head', () => {
    const { feedback } = submitted();
    const hash = recordHash(feedback);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(recordHash({ ...feedback, likes: 9, dislikes: 2, eventCount: 7, lastEventHash: 'z' })).toBe(hash);
    expect(recordHash({ ...feedback, answer: 'written in' })).not.toBe(hash);
    expect(recordHash({ ...feedback, unit: DEPARTMENT })).not.toBe(hash);
  });
});
