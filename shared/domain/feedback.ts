import { createHash } from 'node:crypto';
import { atLocal, END_OF_DAY_HOUR, localDate, type WorkingCalendar } from './calendar.ts';
import type { Actor } from './dossier.ts';
import { DomainError, invalidField } from './errors.ts';
import { type ChainedEvent, canonicalJson, eventHash, GENESIS } from './history.ts';
import type { Notification } from './notifications.ts';
import { noPersonalData, type PersonalData, scrubPersonalData } from './personal-data.ts';

/**
 * Phản ánh, kiến nghị (Nghị định 20/2008/NĐ-CP): a citizen's or a business's feedback on a
 * procedure, a regulation or an officer's conduct, handled by the responsible unit within the
 * national portal's working-day deadlines — refused within 2, a supplement asked within 5,
 * answered within 15, each counted from submission or the latest transfer, and the answer
 * published within 2 after it. Published without personal data: what the public reads is
 * the question as the unit words it and the answer, each through the scrubber (the author's and
 * the named dossier's applicant's own data, and whatever looks like an id number, a phone or an
 * email), and the officer sees that public text from the answer on. Every step is an entry of a
 * hash-chained history, as a dossier's. Pure.
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
  /** The question as the public reads it, scrubbed: proposed with the answer or given on publishing. */
  publicQuestion?: string;
  /** The answer as the public reads it, scrubbed. */
  publicAnswer?: string;
  publishedAt?: string;
  transfers: { from: string; to: string; at: string }[];
  /** The author's files (the upload path's, scanned), by upload id. */
  attachments: FeedbackFile[];
  /** The procedure of the dossier it names: a complaint about that dossier counts against it. */
  procedureCode?: string;
  /**
   * What the public texts must not show, as recorded when it was sent: the author's identity and
   * verified contacts, and the named dossier's applicant. Never shown.
   */
  personal?: PersonalData;
  /** The head of the history: its length and the hash of its last entry. */
  eventCount: number;
  lastEventHash: string;
  version: number;
}

export interface FeedbackFile {
  uploadId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** One step of the feedback's history: who did what, when, at which unit, with what. */
export interface FeedbackEvent extends ChainedEvent {
  eventId: string;
  feedbackId: string;
  type: 'submit' | FeedbackCommand['action'];
  at: string;
  actor: Actor;
  /** Whose feedback it is: they are told of the unit's decisions. */
  authorSub: string;
  /** The unit that has it after the step. */
  unit: string;
  state: FeedbackState;
  /** The step's own words (a reason, the items asked for, the answer…) and, for an answer, whether it was on time. */
  data: Record<string, unknown>;
  /**
   * The hash of the feedback as the step left it (its votes and head aside): a change written
   * onto the feedback without a step of its own no longer matches. Absent from steps recorded
   * before it was kept.
   */
  recordHash?: string;
}

/** The hash of the feedback as a step leaves it: everything but its votes and its history's head. */
export function recordHash(feedback: Feedback & { likes?: number; dislikes?: number }): string {
  const {
    eventCount: _count,
    lastEventHash: _last,
    likes: _likes,
    dislikes: _dislikes,
    ...record
  } = feedback;
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
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

type NewFeedback = Pick<
  Feedback,
  | 'id'
  | 'kind'
  | 'subject'
  | 'content'
  | 'dossierCode'
  | 'procedureCode'
  | 'authorSub'
  | 'unit'
  | 'attachments'
  | 'personal'
>;

/** A submission, and the first entry of its history. */
export function newFeedback(
  input: NewFeedback,
  actor: Actor,
  eventId: string,
  now: Date,
  calendar: WorkingCalendar,
): { feedback: Feedback; event: FeedbackEvent } {
  const received: Feedback = {
    ...input,
    state: 'received',
    submittedAt: now.toISOString(),
    ...clockDeadlines(now, calendar),
    transfers: [],
    eventCount: 0,
    lastEventHash: GENESIS,
    version: 1,
  };
  const data = {
    kind: input.kind,
    answerBy: received.answerBy,
    ...(input.dossierCode ? { dossierCode: input.dossierCode, procedureCode: input.procedureCode } : {}),
    attachments: input.attachments.map((file) => ({ uploadId: file.uploadId, sha256: file.sha256 })),
  };
  return chainStep(received, { eventId, type: 'submit', at: received.submittedAt, actor, data });
}

/** The next entry of the history, and the feedback with its head moved on. */
function chainStep(
  feedback: Feedback,
  step: Pick<FeedbackEvent, 'eventId' | 'type' | 'at' | 'actor' | 'data'>,
): { feedback: Feedback; event: FeedbackEvent } {
  const unhashed = {
    ...step,
    feedbackId: feedback.id,
    authorSub: feedback.authorSub,
    unit: feedback.unit,
    state: feedback.state,
    seq: feedback.eventCount + 1,
    prevHash: feedback.lastEventHash,
    recordHash: recordHash(feedback),
  };
  const event = { ...unhashed, hash: eventHash(unhashed) };
  return { feedback: { ...feedback, eventCount: event.seq, lastEventHash: event.hash }, event };
}

export type FeedbackCommand =
  | { action: 'refuse'; reason: string }
  | { action: 'requestSupplement'; items: string[] }
  | { action: 'supplement'; text: string }
  | { action: 'answer'; answer: string; publicQuestion?: string }
  | { action: 'publish'; publicQuestion?: string }
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

/** One step of the feedback's handling, with its history entry; refused when it does not apply to the state. */
export function actOnFeedback(
  feedback: Feedback,
  command: FeedbackCommand,
  by: { actor: Actor; eventId: string },
  now: Date,
  calendar: WorkingCalendar,
): { feedback: Feedback; event: FeedbackEvent } {
  const next = nextState(feedback, command, now, calendar);
  const { action: _action, ...words } = command;
  // Each step of a complaint names the dossier's procedure: its counters follow the whole handling.
  const about = feedback.procedureCode ? { procedureCode: feedback.procedureCode } : {};
  const data =
    command.action === 'answer'
      ? { ...words, answeredOnTime: next.answeredOnTime, ...about }
      : command.action === 'publish'
        ? {
            ...words,
            publishedOnTime: publishedOnTime(feedback, now),
            ...about,
          }
        : command.action === 'transfer'
          ? { ...words, answerBy: next.answerBy, ...about }
          : { ...words, ...about };
  return chainStep(next, {
    eventId: by.eventId,
    type: command.action,
    at: now.toISOString(),
    actor: by.actor,
    data,
  });
}

/** Published within its 2 working days of the answer. */
export const publishedOnTime = (feedback: Pick<Feedback, 'publishBy'>, now: Date): boolean =>
  feedback.publishBy !== undefined && now.toISOString() <= feedback.publishBy;

/** A text as the public will read it: scrubbed of what the feedback records of its people. */
export const publicText = (feedback: Pick<Feedback, 'personal'>, text: string): string =>
  scrubPersonalData(text, feedback.personal ?? noPersonalData());

function nextState(
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
        publicAnswer: publicText(feedback, command.answer),
        ...(command.publicQuestion ? { publicQuestion: publicText(feedback, command.publicQuestion) } : {}),
        answeredAt: at,
        answeredOnTime: at <= feedback.answerBy,
        publishBy: dueAfter(now, FEEDBACK_DAYS.publish, calendar),
      };
    case 'publish': {
      const question = command.publicQuestion
        ? publicText(feedback, command.publicQuestion)
        : feedback.publicQuestion;
      if (!question)
        throw invalidField('body.publicQuestion', 'required', {
          vi: 'Cần câu hỏi để công khai (hoặc đã đề xuất khi trả lời).',
          en: 'Give the question as the public will read it (or propose it with the answer).',
        });
      return {
        ...next,
        state: 'published',
        publicQuestion: question,
        publicAnswer: feedback.publicAnswer ?? publicText(feedback, feedback.answer ?? ''),
        publishedAt: at,
      };
    }
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

/** What a step tells: the unit feedback arrives at (submitted or transferred), the author of the unit's decisions. */
export function feedbackNotifications(event: FeedbackEvent): Notification[] {
  const base = { eventId: event.eventId, code: event.feedbackId, at: event.at };
  const data = event.data as { reason?: string; answerBy?: string };
  const notices: Notification[] = [];
  if (event.type === 'submit' || event.type === 'transfer')
    notices.push({
      ...base,
      id: `${event.eventId}:unit`,
      kind: 'feedback-new',
      recipient: { unit: event.unit },
      vars: { code: event.feedbackId, ...(data.answerBy ? { dueAt: data.answerBy } : {}) },
    });
  if (['refuse', 'requestSupplement', 'answer', 'publish', 'transfer'].includes(event.type))
    notices.push({
      ...base,
      id: `${event.eventId}:citizen`,
      kind: 'feedback-step',
      recipient: { citizen: event.authorSub },
      vars: { code: event.feedbackId, state: event.state, ...(data.reason ? { reason: data.reason } : {}) },
    });
  return notices;
}

/** What the indicators count of a step: no words, no author. */
export interface FeedbackTally {
  eventId: string;
  feedbackId: string;
  type: FeedbackEvent['type'];
  at: string;
  unit: string;
  /** An answer or a publication: within its deadline. */
  onTime?: boolean;
  /** For feedback about a dossier: the dossier's procedure. */
  procedureCode?: string;
  /** On submission, for feedback about a dossier: the dossier, which then counts as complained about. */
  dossierCode?: string;
}

export function tallyOf(event: FeedbackEvent): FeedbackTally {
  const data = event.data as {
    answeredOnTime?: boolean;
    publishedOnTime?: boolean;
    procedureCode?: string;
    dossierCode?: string;
  };
  const onTime = data.answeredOnTime ?? data.publishedOnTime;
  return {
    eventId: event.eventId,
    feedbackId: event.feedbackId,
    type: event.type,
    at: event.at,
    unit: event.unit,
    ...(onTime === undefined ? {} : { onTime }),
    ...(data.procedureCode ? { procedureCode: data.procedureCode } : {}),
    ...(event.type === 'submit' && data.dossierCode ? { dossierCode: data.dossierCode } : {}),
  };
}

/**
 * The deadline the unit is held to now: the answer while it is the unit's to handle, the
 * publication once answered; none while the author is asked for more, or once it is closed.
 */
export function currentDeadline(
  feedback: Feedback,
): { kind: 'answer' | 'publish'; dueAt: string } | undefined {
  if (feedback.state === 'received' || feedback.state === 'supplemented')
    return { kind: 'answer', dueAt: feedback.answerBy };
  if (feedback.state === 'awaiting-publication' && feedback.publishBy)
    return { kind: 'publish', dueAt: feedback.publishBy };
  return undefined;
}

/**
 * What anyone may read of a published answer: nothing of who asked. The texts pass the scrubber
 * again (it changes nothing it has scrubbed), so that nothing published before it existed
 * escapes it.
 */
export function publishedView(feedback: Feedback) {
  return {
    id: feedback.id,
    kind: feedback.kind,
    unit: feedback.unit,
    question: publicText(feedback, feedback.publicQuestion ?? ''),
    answer: publicText(feedback, feedback.publicAnswer ?? feedback.answer ?? ''),
    answeredAt: feedback.answeredAt ?? '',
    publishedAt: feedback.publishedAt ?? '',
  };
}
