import { describe, expect, it } from 'vitest';
import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  render,
  type TemplateVars,
} from '../../shared/domain/notifications.ts';

/** Everything a message may say: a dossier's or a feedback's code, dates, a reason, items, an amount, a hop, a webhook. */
const EVERYTHING: TemplateVars = {
  code: 'C-1',
  procedureName: 'Đăng ký khai sinh',
  dueAt: '2026-12-03T10:00:00.000Z',
  stepDueAt: '2026-12-02T10:00:00.000Z',
  reason: 'Tờ khai chưa đúng mẫu',
  items: ['Bản sao Giấy khai sinh', 'Ảnh 4x6'],
  amount: 1_250_000,
  toUnit: 'Sở Tư pháp',
  subscription: 's-1',
  target: 'https://lgsp.example.vn/hook',
  state: 'refused',
  deadline: 'answer',
};

/** What each message says, word for word, in Vietnamese and in English: dates in Vietnam, amounts in each language's digits. */
const WORDS: Record<NotificationKind, Record<'vi' | 'en', { subject: string; text: string }>> = {
  'feedback-new': {
    vi: {
      subject: 'Phản ánh, kiến nghị mới C-1',
      text: 'Đơn vị có phản ánh, kiến nghị mới C-1; hạn trả lời: 17:00 03/12/2026.',
    },
    en: {
      subject: 'New feedback C-1',
      text: 'Your unit has new feedback C-1; it is to be answered by 03/12/2026, 17:00.',
    },
  },
  'feedback-step': {
    vi: {
      subject: 'Phản ánh, kiến nghị C-1: bị từ chối',
      text: 'Phản ánh, kiến nghị C-1 của bạn bị từ chối. Lý do: Tờ khai chưa đúng mẫu.',
    },
    en: {
      subject: 'Your feedback C-1: refused',
      text: 'Your feedback C-1 has been refused. Reason: Tờ khai chưa đúng mẫu.',
    },
  },
  'feedback-overdue': {
    vi: {
      subject: 'Phản ánh, kiến nghị C-1 đã quá hạn',
      text: 'Phản ánh, kiến nghị C-1 đã quá hạn trả lời từ 17:00 03/12/2026.',
    },
    en: {
      subject: 'Feedback C-1 is overdue',
      text: 'The deadline to answer feedback C-1 passed on 03/12/2026, 17:00.',
    },
  },
  'feedback-due-soon': {
    vi: {
      subject: 'Phản ánh, kiến nghị C-1 sắp đến hạn',
      text: 'Hạn trả lời phản ánh, kiến nghị C-1: 17:00 03/12/2026.',
    },
    en: {
      subject: 'Feedback C-1 is due soon',
      text: 'The deadline to answer feedback C-1 is 03/12/2026, 17:00.',
    },
  },
  received: {
    vi: {
      subject: 'Hồ sơ C-1 đã được tiếp nhận',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) đã được tiếp nhận. Ngày hẹn trả kết quả: 17:00 03/12/2026. Bạn có thể theo dõi tiến độ bằng mã hồ sơ.',
    },
    en: {
      subject: 'Dossier C-1 received',
      text: 'Your dossier C-1 (Đăng ký khai sinh) has been received. Result due: 03/12/2026, 17:00. Follow it with its code.',
    },
  },
  refused: {
    vi: {
      subject: 'Hồ sơ C-1 không được tiếp nhận',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) không được tiếp nhận. Lý do: Tờ khai chưa đúng mẫu. Bạn có thể nộp lại hồ sơ sau khi hoàn thiện.',
    },
    en: {
      subject: 'Dossier C-1 not accepted',
      text: 'Your dossier C-1 (Đăng ký khai sinh) was not accepted. Reason: Tờ khai chưa đúng mẫu. You may submit again once it is complete.',
    },
  },
  'supplement-requested': {
    vi: {
      subject: 'Hồ sơ C-1 cần bổ sung',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) cần bổ sung: Bản sao Giấy khai sinh; Ảnh 4x6. Vui lòng bổ sung trực tuyến để tiếp tục giải quyết.',
    },
    en: {
      subject: 'Dossier C-1 needs more documents',
      text: 'Your dossier C-1 (Đăng ký khai sinh) needs: Bản sao Giấy khai sinh; Ảnh 4x6. Please supply them online so that processing can go on.',
    },
  },
  'payment-requested': {
    vi: {
      subject: 'Hồ sơ C-1: đề nghị nộp phí, lệ phí',
      text: 'Vui lòng nộp 1.250.000 đồng cho hồ sơ C-1 (Đăng ký khai sinh) để tiếp tục giải quyết.',
    },
    en: {
      subject: 'Dossier C-1: payment requested',
      text: 'Please pay 1,250,000 VND for dossier C-1 (Đăng ký khai sinh) so that processing can go on.',
    },
  },
  'result-ready': {
    vi: {
      subject: 'Hồ sơ C-1 đã có kết quả',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) đã giải quyết xong. Kết quả sẽ được trả theo hình thức bạn đã chọn.',
    },
    en: {
      subject: 'Result ready for dossier C-1',
      text: 'Your dossier C-1 (Đăng ký khai sinh) has been processed. The result will reach you the way you chose.',
    },
  },
  'result-returned': {
    vi: {
      subject: 'Hồ sơ C-1 đã trả kết quả',
      text: 'Kết quả của hồ sơ C-1 (Đăng ký khai sinh) đã được trả. Mời bạn đánh giá mức độ hài lòng.',
    },
    en: {
      subject: 'Result of dossier C-1 returned',
      text: 'The result of your dossier C-1 (Đăng ký khai sinh) has been returned. Please rate the service.',
    },
  },
  stopped: {
    vi: {
      subject: 'Hồ sơ C-1 dừng giải quyết',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) đã dừng giải quyết. Lý do: Tờ khai chưa đúng mẫu.',
    },
    en: {
      subject: 'Dossier C-1 stopped',
      text: 'Processing of your dossier C-1 (Đăng ký khai sinh) has stopped. Reason: Tờ khai chưa đúng mẫu.',
    },
  },
  late: {
    vi: {
      subject: 'Văn bản xin lỗi và hẹn lại ngày trả kết quả hồ sơ C-1',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) chưa được giải quyết đúng hạn. Lý do: Tờ khai chưa đúng mẫu. Chúng tôi thành thật xin lỗi và hẹn trả kết quả vào 17:00 03/12/2026.',
    },
    en: {
      subject: 'Apology and new date for dossier C-1',
      text: 'Your dossier C-1 (Đăng ký khai sinh) was not handled on time. Reason: Tờ khai chưa đúng mẫu. We apologise; the result is now due on 03/12/2026, 17:00.',
    },
  },
  overdue: {
    vi: {
      subject: 'Hồ sơ C-1 đã quá hạn',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) đã quá hạn từ 17:00 03/12/2026. Cần giải quyết ngay hoặc lập văn bản xin lỗi và đề nghị gia hạn.',
    },
    en: {
      subject: 'Dossier C-1 is overdue',
      text: 'Dossier C-1 (Đăng ký khai sinh) has been overdue since 03/12/2026, 17:00. Finish it, or send the apology and extension letter.',
    },
  },
  'due-soon': {
    vi: {
      subject: 'Hồ sơ C-1 sắp đến hạn',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) đến hạn trả kết quả vào 17:00 03/12/2026.',
    },
    en: {
      subject: 'Dossier C-1 is due soon',
      text: 'Dossier C-1 (Đăng ký khai sinh) is due on 03/12/2026, 17:00.',
    },
  },
  'step-overdue': {
    vi: {
      subject: 'Bước xử lý hồ sơ C-1 đã quá hạn',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) được chuyển đến đơn vị đã quá hạn xử lý của bước từ 17:00 03/12/2026. Cần xử lý và chuyển trả ngay.',
    },
    en: {
      subject: "Your unit's step on dossier C-1 is overdue",
      text: 'Dossier C-1 (Đăng ký khai sinh) was transferred to your unit; its step was due on 03/12/2026, 17:00. Finish it and send it back.',
    },
  },
  'step-due-soon': {
    vi: {
      subject: 'Bước xử lý hồ sơ C-1 sắp đến hạn',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) được chuyển đến đơn vị; hạn xử lý của bước: 17:00 03/12/2026.',
    },
    en: {
      subject: "Your unit's step on dossier C-1 is due soon",
      text: 'Dossier C-1 (Đăng ký khai sinh) was transferred to your unit; its step is due on 03/12/2026, 17:00.',
    },
  },
  'new-in-inbox': {
    vi: {
      subject: 'Hồ sơ mới C-1',
      text: 'Đơn vị có hồ sơ mới cần xử lý: C-1 (Đăng ký khai sinh). Hạn xử lý của đơn vị: 17:00 02/12/2026.',
    },
    en: {
      subject: 'New dossier C-1',
      text: "A new dossier awaits your unit: C-1 (Đăng ký khai sinh). Your unit's step is due on 02/12/2026, 17:00.",
    },
  },
  'handoff-failed': {
    vi: {
      subject: 'Hồ sơ C-1 chưa chuyển được',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) chưa chuyển được đến đơn vị Sở Tư pháp: Tờ khai chưa đúng mẫu. Hồ sơ đã trở lại đơn vị; hãy chuyển đơn vị khác hoặc tiếp tục xử lý.',
    },
    en: {
      subject: 'Dossier C-1 could not be handed over',
      text: 'Dossier C-1 (Đăng ký khai sinh) could not be handed over to Sở Tư pháp: Tờ khai chưa đúng mẫu. It is back with your unit; transfer it elsewhere or go on with it.',
    },
  },
  'webhook-paused': {
    vi: {
      subject: 'Đăng ký webhook s-1 đã tạm dừng (hồ sơ C-1)',
      text: 'Địa chỉ https://lgsp.example.vn/hook không nhận sự kiện trong hơn một ngày (lần cuối: hồ sơ C-1); đăng ký s-1 đã tạm dừng. Các sự kiện mới được giữ lại; hãy sửa địa chỉ nhận rồi cho chạy lại đăng ký.',
    },
    en: {
      subject: 'Webhook subscription s-1 paused (dossier C-1)',
      text: 'https://lgsp.example.vn/hook has not taken an event for more than a day (the last for dossier C-1); subscription s-1 is paused. New events are held; fix the receiver, then resume the subscription.',
    },
  },
};

/** The same messages told nothing but the code and the procedure: each place of a value not given is left empty. */
const BARE: Record<NotificationKind, Record<'vi' | 'en', { subject: string; text: string }>> = {
  'feedback-new': {
    vi: {
      subject: 'Phản ánh, kiến nghị mới C-1',
      text: 'Đơn vị có phản ánh, kiến nghị mới C-1; hạn trả lời: .',
    },
    en: { subject: 'New feedback C-1', text: 'Your unit has new feedback C-1; it is to be answered by .' },
  },
  'feedback-step': {
    vi: { subject: 'Phản ánh, kiến nghị C-1: ', text: 'Phản ánh, kiến nghị C-1 của bạn .' },
    en: { subject: 'Your feedback C-1: ', text: 'Your feedback C-1 has been .' },
  },
  'feedback-overdue': {
    vi: { subject: 'Phản ánh, kiến nghị C-1 đã quá hạn', text: 'Phản ánh, kiến nghị C-1 đã quá hạn  từ .' },
    en: { subject: 'Feedback C-1 is overdue', text: 'The deadline to  feedback C-1 passed on .' },
  },
  'feedback-due-soon': {
    vi: { subject: 'Phản ánh, kiến nghị C-1 sắp đến hạn', text: 'Hạn  phản ánh, kiến nghị C-1: .' },
    en: { subject: 'Feedback C-1 is due soon', text: 'The deadline to  feedback C-1 is .' },
  },
  received: {
    vi: {
      subject: 'Hồ sơ C-1 đã được tiếp nhận',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) đã được tiếp nhận. Bạn có thể theo dõi tiến độ bằng mã hồ sơ.',
    },
    en: {
      subject: 'Dossier C-1 received',
      text: 'Your dossier C-1 (Đăng ký khai sinh) has been received. Follow it with its code.',
    },
  },
  refused: {
    vi: {
      subject: 'Hồ sơ C-1 không được tiếp nhận',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) không được tiếp nhận. Lý do: . Bạn có thể nộp lại hồ sơ sau khi hoàn thiện.',
    },
    en: {
      subject: 'Dossier C-1 not accepted',
      text: 'Your dossier C-1 (Đăng ký khai sinh) was not accepted. Reason: . You may submit again once it is complete.',
    },
  },
  'supplement-requested': {
    vi: {
      subject: 'Hồ sơ C-1 cần bổ sung',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) cần bổ sung: . Vui lòng bổ sung trực tuyến để tiếp tục giải quyết.',
    },
    en: {
      subject: 'Dossier C-1 needs more documents',
      text: 'Your dossier C-1 (Đăng ký khai sinh) needs: . Please supply them online so that processing can go on.',
    },
  },
  'payment-requested': {
    vi: {
      subject: 'Hồ sơ C-1: đề nghị nộp phí, lệ phí',
      text: 'Vui lòng nộp 0 đồng cho hồ sơ C-1 (Đăng ký khai sinh) để tiếp tục giải quyết.',
    },
    en: {
      subject: 'Dossier C-1: payment requested',
      text: 'Please pay 0 VND for dossier C-1 (Đăng ký khai sinh) so that processing can go on.',
    },
  },
  'result-ready': {
    vi: {
      subject: 'Hồ sơ C-1 đã có kết quả',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) đã giải quyết xong. Kết quả sẽ được trả theo hình thức bạn đã chọn.',
    },
    en: {
      subject: 'Result ready for dossier C-1',
      text: 'Your dossier C-1 (Đăng ký khai sinh) has been processed. The result will reach you the way you chose.',
    },
  },
  'result-returned': {
    vi: {
      subject: 'Hồ sơ C-1 đã trả kết quả',
      text: 'Kết quả của hồ sơ C-1 (Đăng ký khai sinh) đã được trả. Mời bạn đánh giá mức độ hài lòng.',
    },
    en: {
      subject: 'Result of dossier C-1 returned',
      text: 'The result of your dossier C-1 (Đăng ký khai sinh) has been returned. Please rate the service.',
    },
  },
  stopped: {
    vi: {
      subject: 'Hồ sơ C-1 dừng giải quyết',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) đã dừng giải quyết. Lý do: .',
    },
    en: {
      subject: 'Dossier C-1 stopped',
      text: 'Processing of your dossier C-1 (Đăng ký khai sinh) has stopped. Reason: .',
    },
  },
  late: {
    vi: {
      subject: 'Văn bản xin lỗi và hẹn lại ngày trả kết quả hồ sơ C-1',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) chưa được giải quyết đúng hạn. Lý do: . Chúng tôi thành thật xin lỗi và hẹn trả kết quả vào .',
    },
    en: {
      subject: 'Apology and new date for dossier C-1',
      text: 'Your dossier C-1 (Đăng ký khai sinh) was not handled on time. Reason: . We apologise; the result is now due on .',
    },
  },
  overdue: {
    vi: {
      subject: 'Hồ sơ C-1 đã quá hạn',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) đã quá hạn từ . Cần giải quyết ngay hoặc lập văn bản xin lỗi và đề nghị gia hạn.',
    },
    en: {
      subject: 'Dossier C-1 is overdue',
      text: 'Dossier C-1 (Đăng ký khai sinh) has been overdue since . Finish it, or send the apology and extension letter.',
    },
  },
  'due-soon': {
    vi: { subject: 'Hồ sơ C-1 sắp đến hạn', text: 'Hồ sơ C-1 (Đăng ký khai sinh) đến hạn trả kết quả vào .' },
    en: { subject: 'Dossier C-1 is due soon', text: 'Dossier C-1 (Đăng ký khai sinh) is due on .' },
  },
  'step-overdue': {
    vi: {
      subject: 'Bước xử lý hồ sơ C-1 đã quá hạn',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) được chuyển đến đơn vị đã quá hạn xử lý của bước từ . Cần xử lý và chuyển trả ngay.',
    },
    en: {
      subject: "Your unit's step on dossier C-1 is overdue",
      text: 'Dossier C-1 (Đăng ký khai sinh) was transferred to your unit; its step was due on . Finish it and send it back.',
    },
  },
  'step-due-soon': {
    vi: {
      subject: 'Bước xử lý hồ sơ C-1 sắp đến hạn',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) được chuyển đến đơn vị; hạn xử lý của bước: .',
    },
    en: {
      subject: "Your unit's step on dossier C-1 is due soon",
      text: 'Dossier C-1 (Đăng ký khai sinh) was transferred to your unit; its step is due on .',
    },
  },
  'new-in-inbox': {
    vi: { subject: 'Hồ sơ mới C-1', text: 'Đơn vị có hồ sơ mới cần xử lý: C-1 (Đăng ký khai sinh).' },
    en: { subject: 'New dossier C-1', text: 'A new dossier awaits your unit: C-1 (Đăng ký khai sinh).' },
  },
  'handoff-failed': {
    vi: {
      subject: 'Hồ sơ C-1 chưa chuyển được',
      text: 'Hồ sơ C-1 (Đăng ký khai sinh) chưa chuyển được đến đơn vị : . Hồ sơ đã trở lại đơn vị; hãy chuyển đơn vị khác hoặc tiếp tục xử lý.',
    },
    en: {
      subject: 'Dossier C-1 could not be handed over',
      text: 'Dossier C-1 (Đăng ký khai sinh) could not be handed over to : . It is back with your unit; transfer it elsewhere or go on with it.',
    },
  },
  'webhook-paused': {
    vi: {
      subject: 'Đăng ký webhook  đã tạm dừng (hồ sơ C-1)',
      text: 'Địa chỉ nhận sự kiện không nhận sự kiện trong hơn một ngày (lần cuối: hồ sơ C-1); đăng ký  đã tạm dừng. Các sự kiện mới được giữ lại; hãy sửa địa chỉ nhận rồi cho chạy lại đăng ký.',
    },
    en: {
      subject: 'Webhook subscription  paused (dossier C-1)',
      text: 'The receiver has not taken an event for more than a day (the last for dossier C-1); subscription  is paused. New events are held; fix the receiver, then resume the subscription.',
    },
  },
};

describe('what each notification says', () => {
  it.each(NOTIFICATION_KINDS)(
    '%s says, word for word, what the unit or the applicant needs to know',
    (kind) => {
      expect(render(kind, EVERYTHING, 'vi')).toEqual(WORDS[kind].vi);
      expect(render(kind, EVERYTHING, 'en')).toEqual(WORDS[kind].en);
    },
  );

  it.each(NOTIFICATION_KINDS)(
    '%s still renders when it has nothing but its code, naming no date it does not have',
    (kind) => {
      for (const language of ['vi', 'en'] as const) {
        const { subject, text } = render(kind, { code: 'C-1', procedureName: 'Đăng ký khai sinh' }, language);
        expect(subject + text, language).not.toMatch(/undefined|Invalid|NaN|\d\d\/\d\d\/\d{4}/);
      }
    },
  );

  it.each(NOTIFICATION_KINDS)(
    '%s told only its code and procedure writes nothing in the places of what it was not told',
    (kind) => {
      const bare = { code: 'C-1', procedureName: 'Đăng ký khai sinh' };
      expect(render(kind, bare, 'vi')).toEqual(BARE[kind].vi);
      expect(render(kind, bare, 'en')).toEqual(BARE[kind].en);
    },
  );

  it('drops the sentence of a date it does not have from a receipt and from a new dossier in the inbox', () => {
    const bare = { code: 'C-1', procedureName: 'Đăng ký khai sinh' };
    expect(render('received', bare, 'vi').text).toBe(
      'Hồ sơ C-1 (Đăng ký khai sinh) đã được tiếp nhận. Bạn có thể theo dõi tiến độ bằng mã hồ sơ.',
    );
    expect(render('received', bare, 'en').text).toBe(
      'Your dossier C-1 (Đăng ký khai sinh) has been received. Follow it with its code.',
    );
    expect(render('new-in-inbox', bare, 'vi').text).toBe(
      'Đơn vị có hồ sơ mới cần xử lý: C-1 (Đăng ký khai sinh).',
    );
    expect(render('new-in-inbox', bare, 'en').text).toBe(
      'A new dossier awaits your unit: C-1 (Đăng ký khai sinh).',
    );
  });

  it('tells a feedback’s author each state in words, without a reason when none was given', () => {
    const step = (state: string, language: 'vi' | 'en') =>
      render('feedback-step', { code: 'PA-1', state }, language);
    expect(step('supplement-requested', 'vi')).toEqual({
      subject: 'Phản ánh, kiến nghị PA-1: cần bổ sung thông tin',
      text: 'Phản ánh, kiến nghị PA-1 của bạn cần bổ sung thông tin.',
    });
    expect(step('awaiting-publication', 'en').text).toBe('Your feedback PA-1 has been answered.');
    expect(step('published', 'en').subject).toBe('Your feedback PA-1: answered in public');
    expect(step('published', 'vi').text).toBe(
      'Phản ánh, kiến nghị PA-1 của bạn đã được công khai câu trả lời.',
    );
    expect(step('received', 'en').text).toBe(
      'Your feedback PA-1 has been transferred to the competent unit.',
    );
    // A state it has no words for is named as it is.
    expect(step('archived', 'en').subject).toBe('Your feedback PA-1: archived');
    expect(step('archived', 'vi').text).toBe('Phản ánh, kiến nghị PA-1 của bạn archived.');
  });

  it('names the deadline a feedback is held to: the answer, or publishing it', () => {
    const publish = { code: 'PA-1', deadline: 'publish', dueAt: '2026-12-03T10:00:00.000Z' };
    expect(render('feedback-overdue', publish, 'vi').text).toBe(
      'Phản ánh, kiến nghị PA-1 đã quá hạn công khai câu trả lời từ 17:00 03/12/2026.',
    );
    expect(render('feedback-due-soon', publish, 'en').text).toBe(
      'The deadline to publish the answer to feedback PA-1 is 03/12/2026, 17:00.',
    );
  });

  it('says why a hand-off failed in words for the reasons it knows, and as given otherwise', () => {
    const failed = (reason: string, language: 'vi' | 'en') =>
      render('handoff-failed', { code: 'C-1', procedureName: 'x', toUnit: 'G12', reason }, language).text;
    expect(failed('unknown-unit', 'vi')).toContain('đến đơn vị G12: đơn vị nhận không có trong danh mục. ');
    expect(failed('unknown-unit', 'en')).toContain('to G12: the receiving unit is not in the catalog. ');
    expect(failed('disabled-unit', 'vi')).toContain(': đơn vị nhận đã ngừng tiếp nhận hồ sơ. ');
    expect(failed('disabled-unit', 'en')).toContain(': the receiving unit no longer takes dossiers. ');
    expect(failed('timeout', 'en')).toContain('to G12: timeout. ');
  });

  it('tells a paused webhook’s owner of the receiver even when its address is not known', () => {
    expect(render('webhook-paused', { code: 'C-1', subscription: 's-1' }, 'vi').text).toMatch(
      /^Địa chỉ nhận sự kiện không nhận sự kiện trong hơn một ngày/,
    );
    expect(render('webhook-paused', { code: 'C-1', subscription: 's-1' }, 'en').text).toMatch(
      /^The receiver has not taken an event/,
    );
  });

  it('asks for no money it was not told of, and writes each amount in its language’s digits', () => {
    expect(render('payment-requested', { code: 'C-1', procedureName: 'x' }, 'vi').text).toContain(
      'nộp 0 đồng',
    );
    expect(
      render('payment-requested', { code: 'C-1', procedureName: 'x', amount: 8000 }, 'en').text,
    ).toContain('pay 8,000 VND');
  });

  it('writes every text in NFC, whatever form its words came in', () => {
    const decomposed = 'Tờ khai chưa đúng mẫu'.normalize('NFD');
    const { text } = render('refused', { code: 'C-1', procedureName: 'x', reason: decomposed }, 'vi');
    expect(text).toContain('Lý do: Tờ khai chưa đúng mẫu.'.normalize('NFC'));
    expect(text).toBe(text.normalize('NFC'));
  });
});
