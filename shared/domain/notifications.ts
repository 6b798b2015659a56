import type { DossierEvent } from './dossier-events.ts';

/**
 * What people are told, and when (thông báo). Pure: an event in, the notifications it calls
 * for out, each rendered in Vietnamese or English.
 */
export type NotificationKind =
  | 'received'
  | 'refused'
  | 'supplement-requested'
  | 'payment-requested'
  | 'result-ready'
  | 'result-returned'
  | 'stopped'
  | 'late'
  | 'new-in-inbox'
  | 'handoff-failed'
  | 'overdue'
  | 'due-soon'
  | 'step-overdue'
  | 'step-due-soon'
  | 'webhook-paused'
  | 'feedback-new'
  | 'feedback-step'
  | 'feedback-overdue'
  | 'feedback-due-soon';

export type Recipient = { citizen: string } | { unit: string };

export interface Notification {
  /** Stable across retries: the event and the recipient. */
  id: string;
  eventId: string;
  kind: NotificationKind;
  recipient: Recipient;
  code: string;
  /** When the event happened: notifications are dated by it, so a redelivery is the same one. */
  at: string;
  vars: TemplateVars;
}

export interface TemplateVars {
  code: string;
  procedureName?: string;
  dueAt?: string;
  reason?: string;
  items?: string[];
  amount?: number;
  /** A transferred step's own deadline at the receiving unit. */
  stepDueAt?: string;
  /** The unit a hop was for. */
  toUnit?: string;
  /** A webhook subscription and where it sends. */
  subscription?: string;
  target?: string;
  /** A feedback's state after a step, and which of its deadlines (answer, publish). */
  state?: string;
  deadline?: string;
}

const CITIZEN_KINDS: Partial<Record<DossierEvent['type'], NotificationKind>> = {
  receive: 'received',
  refuse: 'refused',
  requestSupplement: 'supplement-requested',
  requestPayment: 'payment-requested',
  complete: 'result-ready',
  returnResult: 'result-returned',
  stop: 'stopped',
  extendDeadline: 'late',
};

/** The notifications an event of a dossier owned by `ownerSub` calls for. */
export function notificationsFor(
  event: DossierEvent,
  ownerSub: string,
  procedureName: string,
): Notification[] {
  const data = event.data as {
    reason?: string;
    items?: string[];
    amount?: number;
    dueAt?: string;
    stepDueAt?: string;
    status?: string;
  };
  const vars: TemplateVars = {
    code: event.code,
    procedureName,
    ...(data.dueAt ? { dueAt: data.dueAt } : {}),
    ...(data.stepDueAt ? { stepDueAt: data.stepDueAt } : {}),
    ...(data.reason ? { reason: data.reason } : {}),
    ...(data.items ? { items: data.items } : {}),
    ...(data.amount ? { amount: data.amount } : {}),
  };
  const notifications: Notification[] = [];
  const kind = CITIZEN_KINDS[event.type];
  if (kind && !(event.type === 'receive' && event.fromState === 5)) {
    notifications.push({
      id: `${event.eventId}:citizen`,
      eventId: event.eventId,
      kind,
      recipient: { citizen: ownerSub },
      code: event.code,
      at: event.at,
      vars,
    });
  }
  const toUnit = (kind: NotificationKind, unit: string) =>
    notifications.push({
      id: `${event.eventId}:unit`,
      eventId: event.eventId,
      kind,
      recipient: { unit },
      code: event.code,
      at: event.at,
      vars,
    });
  // A dossier arriving at a unit: submitted to its desk, or handed over to it (a unit
  // outside this deployment has no officers here to tell).
  if (event.type === 'submit') toUnit('new-in-inbox', event.toUnit);
  if (event.type === 'handoffDelivered' && data.status === 'delivered') toUnit('new-in-inbox', event.toUnit);
  // A hop that could not be delivered: the sending unit has the dossier back and must act.
  if (event.type === 'handoffFailed' && event.fromUnit) {
    vars.toUnit = event.toUnit;
    toUnit('handoff-failed', event.fromUnit);
  }
  return notifications;
}

export type Language = 'vi' | 'en';

const VN = (iso: string, language: Language) =>
  new Intl.DateTimeFormat(language === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

const money = (amount: number, language: Language) =>
  `${new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB').format(amount)} ${language === 'vi' ? 'đồng' : 'VND'}`;

const HOP_FAILURES: Record<string, { vi: string; en: string }> = {
  'unknown-unit': {
    vi: 'đơn vị nhận không có trong danh mục',
    en: 'the receiving unit is not in the catalog',
  },
  'disabled-unit': {
    vi: 'đơn vị nhận đã ngừng tiếp nhận hồ sơ',
    en: 'the receiving unit no longer takes dossiers',
  },
};

type Template = (vars: TemplateVars, language: Language) => { subject: string; text: string };

const FEEDBACK_STATES: Record<string, { vi: string; en: string }> = {
  refused: { vi: 'bị từ chối', en: 'refused' },
  'supplement-requested': { vi: 'cần bổ sung thông tin', en: 'waiting for more information from you' },
  'awaiting-publication': { vi: 'đã được trả lời', en: 'answered' },
  published: { vi: 'đã được công khai câu trả lời', en: 'answered in public' },
  received: { vi: 'đã được chuyển đến đơn vị có thẩm quyền', en: 'transferred to the competent unit' },
};

const DEADLINES: Record<string, { vi: string; en: string }> = {
  answer: { vi: 'trả lời', en: 'answer' },
  publish: { vi: 'công khai câu trả lời', en: 'publish the answer to' },
};

/** What feedback's author and unit are told. */
const FEEDBACK_TEMPLATES = {
  'feedback-new': {
    vi: (v, l) => ({
      subject: `Phản ánh, kiến nghị mới ${v.code}`,
      text: `Đơn vị có phản ánh, kiến nghị mới ${v.code}; hạn trả lời: ${v.dueAt ? VN(v.dueAt, l) : ''}.`,
    }),
    en: (v, l) => ({
      subject: `New feedback ${v.code}`,
      text: `Your unit has new feedback ${v.code}; it is to be answered by ${v.dueAt ? VN(v.dueAt, l) : ''}.`,
    }),
  },
  'feedback-step': {
    vi: (v) => ({
      subject: `Phản ánh, kiến nghị ${v.code}: ${FEEDBACK_STATES[v.state ?? '']?.vi ?? v.state ?? ''}`,
      text: `Phản ánh, kiến nghị ${v.code} của bạn ${FEEDBACK_STATES[v.state ?? '']?.vi ?? v.state ?? ''}.${v.reason ? ` Lý do: ${v.reason}.` : ''}`,
    }),
    en: (v) => ({
      subject: `Your feedback ${v.code}: ${FEEDBACK_STATES[v.state ?? '']?.en ?? v.state ?? ''}`,
      text: `Your feedback ${v.code} has been ${FEEDBACK_STATES[v.state ?? '']?.en ?? v.state ?? ''}.${v.reason ? ` Reason: ${v.reason}.` : ''}`,
    }),
  },
  'feedback-overdue': {
    vi: (v, l) => ({
      subject: `Phản ánh, kiến nghị ${v.code} đã quá hạn`,
      text: `Phản ánh, kiến nghị ${v.code} đã quá hạn ${DEADLINES[v.deadline ?? '']?.vi ?? ''} từ ${v.dueAt ? VN(v.dueAt, l) : ''}.`,
    }),
    en: (v, l) => ({
      subject: `Feedback ${v.code} is overdue`,
      text: `The deadline to ${DEADLINES[v.deadline ?? '']?.en ?? ''} feedback ${v.code} passed on ${v.dueAt ? VN(v.dueAt, l) : ''}.`,
    }),
  },
  'feedback-due-soon': {
    vi: (v, l) => ({
      subject: `Phản ánh, kiến nghị ${v.code} sắp đến hạn`,
      text: `Hạn ${DEADLINES[v.deadline ?? '']?.vi ?? ''} phản ánh, kiến nghị ${v.code}: ${v.dueAt ? VN(v.dueAt, l) : ''}.`,
    }),
    en: (v, l) => ({
      subject: `Feedback ${v.code} is due soon`,
      text: `The deadline to ${DEADLINES[v.deadline ?? '']?.en ?? ''} feedback ${v.code} is ${v.dueAt ? VN(v.dueAt, l) : ''}.`,
    }),
  },
} satisfies Partial<Record<NotificationKind, Record<Language, Template>>>;

const TEMPLATES: Record<NotificationKind, Record<Language, Template>> = {
  ...FEEDBACK_TEMPLATES,
  received: {
    vi: (v, l) => ({
      subject: `Hồ sơ ${v.code} đã được tiếp nhận`,
      text: `Hồ sơ ${v.code} (${v.procedureName}) đã được tiếp nhận.${v.dueAt ? ` Ngày hẹn trả kết quả: ${VN(v.dueAt, l)}.` : ''} Bạn có thể theo dõi tiến độ bằng mã hồ sơ.`,
    }),
    en: (v, l) => ({
      subject: `Dossier ${v.code} received`,
      text: `Your dossier ${v.code} (${v.procedureName}) has been received.${v.dueAt ? ` Result due: ${VN(v.dueAt, l)}.` : ''} Follow it with its code.`,
    }),
  },
  refused: {
    vi: (v) => ({
      subject: `Hồ sơ ${v.code} không được tiếp nhận`,
      text: `Hồ sơ ${v.code} (${v.procedureName}) không được tiếp nhận. Lý do: ${v.reason ?? ''}. Bạn có thể nộp lại hồ sơ sau khi hoàn thiện.`,
    }),
    en: (v) => ({
      subject: `Dossier ${v.code} not accepted`,
      text: `Your dossier ${v.code} (${v.procedureName}) was not accepted. Reason: ${v.reason ?? ''}. You may submit again once it is complete.`,
    }),
  },
  'supplement-requested': {
    vi: (v) => ({
      subject: `Hồ sơ ${v.code} cần bổ sung`,
      text: `Hồ sơ ${v.code} (${v.procedureName}) cần bổ sung: ${(v.items ?? []).join('; ')}. Vui lòng bổ sung trực tuyến để tiếp tục giải quyết.`,
    }),
    en: (v) => ({
      subject: `Dossier ${v.code} needs more documents`,
      text: `Your dossier ${v.code} (${v.procedureName}) needs: ${(v.items ?? []).join('; ')}. Please supply them online so that processing can go on.`,
    }),
  },
  'payment-requested': {
    vi: (v, l) => ({
      subject: `Hồ sơ ${v.code}: đề nghị nộp phí, lệ phí`,
      text: `Vui lòng nộp ${money(v.amount ?? 0, l)} cho hồ sơ ${v.code} (${v.procedureName}) để tiếp tục giải quyết.`,
    }),
    en: (v, l) => ({
      subject: `Dossier ${v.code}: payment requested`,
      text: `Please pay ${money(v.amount ?? 0, l)} for dossier ${v.code} (${v.procedureName}) so that processing can go on.`,
    }),
  },
  'result-ready': {
    vi: (v) => ({
      subject: `Hồ sơ ${v.code} đã có kết quả`,
      text: `Hồ sơ ${v.code} (${v.procedureName}) đã giải quyết xong. Kết quả sẽ được trả theo hình thức bạn đã chọn.`,
    }),
    en: (v) => ({
      subject: `Result ready for dossier ${v.code}`,
      text: `Your dossier ${v.code} (${v.procedureName}) has been processed. The result will reach you the way you chose.`,
    }),
  },
  'result-returned': {
    vi: (v) => ({
      subject: `Hồ sơ ${v.code} đã trả kết quả`,
      text: `Kết quả của hồ sơ ${v.code} (${v.procedureName}) đã được trả. Mời bạn đánh giá mức độ hài lòng.`,
    }),
    en: (v) => ({
      subject: `Result of dossier ${v.code} returned`,
      text: `The result of your dossier ${v.code} (${v.procedureName}) has been returned. Please rate the service.`,
    }),
  },
  stopped: {
    vi: (v) => ({
      subject: `Hồ sơ ${v.code} dừng giải quyết`,
      text: `Hồ sơ ${v.code} (${v.procedureName}) đã dừng giải quyết. Lý do: ${v.reason ?? ''}.`,
    }),
    en: (v) => ({
      subject: `Dossier ${v.code} stopped`,
      text: `Processing of your dossier ${v.code} (${v.procedureName}) has stopped. Reason: ${v.reason ?? ''}.`,
    }),
  },
  late: {
    vi: (v, l) => ({
      subject: `Văn bản xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${v.code}`,
      text: `Hồ sơ ${v.code} (${v.procedureName}) chưa được giải quyết đúng hạn. Lý do: ${v.reason ?? ''}. Chúng tôi thành thật xin lỗi và hẹn trả kết quả vào ${v.dueAt ? VN(v.dueAt, l) : ''}.`,
    }),
    en: (v, l) => ({
      subject: `Apology and new date for dossier ${v.code}`,
      text: `Your dossier ${v.code} (${v.procedureName}) was not handled on time. Reason: ${v.reason ?? ''}. We apologise; the result is now due on ${v.dueAt ? VN(v.dueAt, l) : ''}.`,
    }),
  },
  overdue: {
    vi: (v, l) => ({
      subject: `Hồ sơ ${v.code} đã quá hạn`,
      text: `Hồ sơ ${v.code} (${v.procedureName}) đã quá hạn từ ${v.dueAt ? VN(v.dueAt, l) : ''}. Cần giải quyết ngay hoặc lập văn bản xin lỗi và đề nghị gia hạn.`,
    }),
    en: (v, l) => ({
      subject: `Dossier ${v.code} is overdue`,
      text: `Dossier ${v.code} (${v.procedureName}) has been overdue since ${v.dueAt ? VN(v.dueAt, l) : ''}. Finish it, or send the apology and extension letter.`,
    }),
  },
  'due-soon': {
    vi: (v, l) => ({
      subject: `Hồ sơ ${v.code} sắp đến hạn`,
      text: `Hồ sơ ${v.code} (${v.procedureName}) đến hạn trả kết quả vào ${v.dueAt ? VN(v.dueAt, l) : ''}.`,
    }),
    en: (v, l) => ({
      subject: `Dossier ${v.code} is due soon`,
      text: `Dossier ${v.code} (${v.procedureName}) is due on ${v.dueAt ? VN(v.dueAt, l) : ''}.`,
    }),
  },
  'step-overdue': {
    vi: (v, l) => ({
      subject: `Bước xử lý hồ sơ ${v.code} đã quá hạn`,
      text: `Hồ sơ ${v.code} (${v.procedureName}) được chuyển đến đơn vị đã quá hạn xử lý của bước từ ${v.dueAt ? VN(v.dueAt, l) : ''}. Cần xử lý và chuyển trả ngay.`,
    }),
    en: (v, l) => ({
      subject: `Your unit's step on dossier ${v.code} is overdue`,
      text: `Dossier ${v.code} (${v.procedureName}) was transferred to your unit; its step was due on ${v.dueAt ? VN(v.dueAt, l) : ''}. Finish it and send it back.`,
    }),
  },
  'step-due-soon': {
    vi: (v, l) => ({
      subject: `Bước xử lý hồ sơ ${v.code} sắp đến hạn`,
      text: `Hồ sơ ${v.code} (${v.procedureName}) được chuyển đến đơn vị; hạn xử lý của bước: ${v.dueAt ? VN(v.dueAt, l) : ''}.`,
    }),
    en: (v, l) => ({
      subject: `Your unit's step on dossier ${v.code} is due soon`,
      text: `Dossier ${v.code} (${v.procedureName}) was transferred to your unit; its step is due on ${v.dueAt ? VN(v.dueAt, l) : ''}.`,
    }),
  },
  'new-in-inbox': {
    vi: (v, l) => ({
      subject: `Hồ sơ mới ${v.code}`,
      text: `Đơn vị có hồ sơ mới cần xử lý: ${v.code} (${v.procedureName}).${v.stepDueAt ? ` Hạn xử lý của đơn vị: ${VN(v.stepDueAt, l)}.` : ''}`,
    }),
    en: (v, l) => ({
      subject: `New dossier ${v.code}`,
      text: `A new dossier awaits your unit: ${v.code} (${v.procedureName}).${v.stepDueAt ? ` Your unit's step is due on ${VN(v.stepDueAt, l)}.` : ''}`,
    }),
  },
  'handoff-failed': {
    vi: (v) => ({
      subject: `Hồ sơ ${v.code} chưa chuyển được`,
      text: `Hồ sơ ${v.code} (${v.procedureName}) chưa chuyển được đến đơn vị ${v.toUnit ?? ''}: ${HOP_FAILURES[v.reason ?? '']?.vi ?? v.reason ?? ''}. Hồ sơ đã trở lại đơn vị; hãy chuyển đơn vị khác hoặc tiếp tục xử lý.`,
    }),
    en: (v) => ({
      subject: `Dossier ${v.code} could not be handed over`,
      text: `Dossier ${v.code} (${v.procedureName}) could not be handed over to ${v.toUnit ?? ''}: ${HOP_FAILURES[v.reason ?? '']?.en ?? v.reason ?? ''}. It is back with your unit; transfer it elsewhere or go on with it.`,
    }),
  },
  'webhook-paused': {
    vi: (v) => ({
      subject: `Đăng ký webhook ${v.subscription ?? ''} đã tạm dừng (hồ sơ ${v.code})`,
      text: `Địa chỉ ${v.target ?? 'nhận sự kiện'} không nhận sự kiện trong hơn một ngày (lần cuối: hồ sơ ${v.code}); đăng ký ${v.subscription ?? ''} đã tạm dừng. Các sự kiện mới được giữ lại; hãy sửa địa chỉ nhận rồi cho chạy lại đăng ký.`,
    }),
    en: (v) => ({
      subject: `Webhook subscription ${v.subscription ?? ''} paused (dossier ${v.code})`,
      text: `${v.target ?? 'The receiver'} has not taken an event for more than a day (the last for dossier ${v.code}); subscription ${v.subscription ?? ''} is paused. New events are held; fix the receiver, then resume the subscription.`,
    }),
  },
};

/** The subject and text of a notification, in NFC. */
export function render(kind: NotificationKind, vars: TemplateVars, language: Language) {
  const { subject, text } = TEMPLATES[kind][language](vars, language);
  return { subject: subject.normalize('NFC'), text: text.normalize('NFC') };
}

export const NOTIFICATION_KINDS = Object.keys(TEMPLATES) as NotificationKind[];
