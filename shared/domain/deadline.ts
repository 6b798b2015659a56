import { addDays, atLocal, END_OF_DAY_HOUR, localDate, localHour, type WorkingCalendar } from './calendar.ts';

/** The clock settings of a procedure. */
export interface ClockRules {
  /** Legal processing time in working days; 0 means the same working day. */
  processingDays: number;
  /** Received at or after this hour → counted from the next working day. */
  cutoffHour?: number;
  /** How far a late dossier's due date may be extended with an apology letter. */
  extensions?: ExtensionRules;
}

export interface ExtensionRules {
  /** Apology and extension letters a dossier may have. */
  maxTimes: number;
  /** Working days past the legal due date the new date may reach, all letters together. */
  maxWorkingDays: number;
}

/**
 * Why a deadline is extended, as the public page says it beside the late dossier: a category,
 * and the officer's words scrubbed of personal data.
 */
export const EXTENSION_REASONS = [
  /** Quá tải: more dossiers than the unit can handle in time. */
  'workload',
  /** Cần xác minh: facts to verify. */
  'verification',
  /** Chờ cơ quan khác: waiting for another agency's answer. */
  'other-agency',
  /** Bất khả kháng: force majeure. */
  'force-majeure',
  'other',
] as const;
export type ExtensionReason = (typeof EXTENSION_REASONS)[number];

/** The public part of an apology and extension letter (văn bản xin lỗi và đề nghị gia hạn). */
export interface Apology {
  at: string;
  category: ExtensionReason;
  /** The reason with nothing personal left in it. */
  publicReason: string;
  newDueAt: string;
}

/**
 * A procedure's extension rules, or the default: one letter, by at most the procedure's own
 * time (a same-day procedure: one working day). Observed practice, configurable per procedure.
 */
export const extensionRules = (rules: ClockRules): ExtensionRules =>
  rules.extensions ?? { maxTimes: 1, maxWorkingDays: Math.max(1, rules.processingDays) };

/**
 * Ngày hẹn trả: the end (17:00) of the working day that comes `processingDays` working days
 * after the day the clock starts. The clock starts on the day of reception, or on the next
 * working day when the dossier is received on a day off, after the procedure's cut-off
 * hour, or after office hours.
 */
export function dueDate(receivedAt: Date, rules: ClockRules, calendar: WorkingCalendar): Date {
  const day = localDate(receivedAt);
  const hour = localHour(receivedAt);
  const late = hour >= Math.min(rules.cutoffHour ?? END_OF_DAY_HOUR, END_OF_DAY_HOUR);
  const start = !calendar.isWorkingDay(day) || late ? calendar.workingDayFrom(addDays(day, 1)) : day;
  return atLocal(calendar.addWorkingDays(start, rules.processingDays), END_OF_DAY_HOUR);
}

/** Working days the clock stood still between a supplement request and its answer. */
export function pausedWorkingDays(pausedAt: Date, resumedAt: Date, calendar: WorkingCalendar): number {
  return calendar.workingDaysBetween(localDate(pausedAt), localDate(resumedAt));
}

/** The due date moved by the working days the clock was paused. */
export function extendDueDate(due: Date, pausedDays: number, calendar: WorkingCalendar): Date {
  return atLocal(calendar.addWorkingDays(localDate(due), pausedDays), END_OF_DAY_HOUR);
}

export type Timeliness = 'early' | 'on-time' | 'late';

/** Trước hạn / đúng hạn / quá hạn: ended on an earlier day, by the due time, or after it. */
export function timeliness(endedAt: Date, due: Date): Timeliness {
  if (endedAt.getTime() > due.getTime()) return 'late';
  return localDate(endedAt) < localDate(due) ? 'early' : 'on-time';
}
