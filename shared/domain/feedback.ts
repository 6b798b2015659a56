import { atLocal, END_OF_DAY_HOUR, localDate, type WorkingCalendar } from './calendar.ts';
import { DomainError } from './errors.ts';

/**
 * Phản ánh, kiến nghị (Nghị định 20/2008/NĐ-CP): a citizen's or a business's feedback on a
 * procedure, a regulation or an officer's conduct, handled by the responsible unit within the
 * national portal's working-day deadlines — refused within 2, a supplement asked within 5,
 * answered within 15, each counted from submission or the latest transfer, and the answer
 * published within 2 after it. Published without personal data: what the public reads is
 * the question as the unit words it, and the answer. Pure.
 */
export const FEEDBACK_DAYS = { refuse: 2, supplement: 5, answer: 15, publish: 2 } as const;

export const FEEDBACK_KINDS = ['procedure', 'regulation', 'conduct'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export type FeedbackState =
  | 'received'
  | 'supplement-requested'
  | 'supplemented'
  | 'awaiting-publication'
  | 'published'
  | 'refused';

export interface Feedback {
  id: string;
  kind: FeedbackKind;
  subject: string;
  content: string;
  dossierCode?: string;
  authorSub: string;
  unit: string;
  state: FeedbackState;
  submittedAt: string;
  /** Submission, or the latest transfer: where the refuse, supplement and answer deadlines count from. */
  clockFrom: string;
  refuseBy: string;
  supplementBy: string;
  answerBy: string;
  publishBy?: string;
  supplementItems?: string[];
  supplement?: string;
  reason?: string;
  answer?: string;
  answeredAt?: string;
  answeredOnTime?: boolean;
  publicQuestion?: string;
  publishedAt?: string;
  transfers: { from: string; to: string; at: string }[];
  version: number;
}

/** The end of the working day `days` working days after `from`, in Vietnam. */
const dueAfter = (from: Date, days: number, calendar: WorkingCalendar): string =>
  atLocal(calendar.addWorkingDays(localDate(from), days), END_OF_DAY_HOUR).toISOString();

/** The deadlines that count from `from` (submission or the latest transfer). */
export function clockDeadlines(from: Date, calendar: WorkingCalendar) {
  return {
    clockFrom: from.toISOString(),
    refuseBy: dueAfter(from, FEEDBACK_DAYS.refuse, calendar),
    supplementBy: dueAfter(from, FEEDBACK_DAYS.supplement, calendar),
    answerBy: dueAfter(from, FEEDBACK_DAYS.answer, calendar),
  };
}

export function newFeedback(
  input: Pick<Feedback, 'id' | 'kind' | 'subject' | 'content' | 'dossierCode' | 'authorSub' | 'unit'>,
  now: Date,
  calendar: WorkingCalendar,
): Feedback {
  return {
    ...input,
    state: 'received',
    submittedAt: now.toISOString(),
    ...clockDeadlines(now, calendar),
    transfers: [],
    version: 1,
  };
}

export type FeedbackCommand =
  | { action: 'refuse'; reason: string }
  | { action: 'requestSupplement'; items: string[] }
  | { action: 'supplement'; text: string }
  | { action: 'answer'; answer: string }
  | { action: 'publish'; publicQuestion: string }
  | { action: 'transfer'; toUnit: string };

/** Who may take each action: the unit's officers, or the author (a supplement). */
export const FEEDBACK_ROLES: Record<FeedbackCommand['action'], 'officer' | 'citizen'> = {
  refuse: 'officer',
  requestSupplement: 'officer',
  supplement: 'citizen',
  answer: 'officer',
  publish: 'officer',
  transfer: 'officer',
};

const FROM: Record<FeedbackCommand['action'], readonly FeedbackState[]> = {
  refuse: ['received', 'supplemented'],
  requestSupplement: ['received', 'supplemented'],
  supplement: ['supplement-requested'],
  answer: ['received', 'supplemented'],
  publish: ['awaiting-publication'],
  transfer: ['received', 'supplemented'],
};

/** One step of the feedback's handling; refused when it does not apply to the state. */
export function actOnFeedback(
  feedback: Feedback,
  command: FeedbackCommand,
  now: Date,
  calendar: WorkingCalendar,
): Feedback {
  if (!FROM[command.action].includes(feedback.state))
    throw new DomainError('action-not-allowed-in-state', {
      vi: `Không thể "${command.action}" khi phản ánh ở trạng thái ${feedback.state}.`,
      en: `"${command.action}" does not apply to feedback that is ${feedback.state}.`,
    });
  const at = now.toISOString();
  const next = { ...feedback, version: feedback.version + 1 };
  switch (command.action) {
    case 'refuse':
      return { ...next, state: 'refused', reason: command.reason };
    case 'requestSupplement':
      return { ...next, state: 'supplement-requested', supplementItems: command.items };
    case 'supplement':
      return { ...next, state: 'supplemented', supplement: command.text };
    case 'answer':
      return {
        ...next,
        state: 'awaiting-publication',
        answer: command.answer,
        answeredAt: at,
        answeredOnTime: at <= feedback.answerBy,
        publishBy: dueAfter(now, FEEDBACK_DAYS.publish, calendar),
      };
    case 'publish':
      return { ...next, state: 'published', publicQuestion: command.publicQuestion, publishedAt: at };
    case 'transfer':
      if (command.toUnit === feedback.unit)
        throw new DomainError('validation-failed', {
          vi: 'Cần đơn vị nhận khác đơn vị hiện tại.',
          en: 'Name another unit to transfer to.',
        });
      return {
        ...next,
        state: 'received',
        unit: command.toUnit,
        ...clockDeadlines(now, calendar),
        transfers: [...feedback.transfers, { from: feedback.unit, to: command.toUnit, at }],
      };
  }
}

/** What anyone may read of a published answer: nothing of who asked. */
export function publishedView(feedback: Feedback) {
  return {
    id: feedback.id,
    kind: feedback.kind,
    unit: feedback.unit,
    question: feedback.publicQuestion ?? '',
    answer: feedback.answer ?? '',
    answeredAt: feedback.answeredAt ?? '',
    publishedAt: feedback.publishedAt ?? '',
  };
}
