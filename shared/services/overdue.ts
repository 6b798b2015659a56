import { addDays, localDate } from '../domain/calendar.ts';
import type { Notification, NotificationKind, TemplateVars } from '../domain/notifications.ts';
import { send } from '../messaging/queues.ts';
import { workingCalendar } from '../persistence/calendar.ts';
import { dueMarked, getDossier, markDue } from '../persistence/dossiers.ts';
import { dueOn } from '../persistence/due.ts';
import { getFeedback } from '../persistence/feedback.ts';

/** How far back the sweep looks for open dossiers past their due date. */
export const LOOKBACK_DAYS = 60;

type Counts = Record<
  'overdue' | 'dueSoon' | 'stepOverdue' | 'stepDueSoon' | 'feedbackOverdue' | 'feedbackDueSoon' | 'alerted',
  number
> & {
  /** Who was told of what this time. */
  alerts: { kind: NotificationKind; code: string }[];
};

/** For each deadline, what the unit is told and what the sweep counts. */
const KINDS = {
  dossier: { overdue: ['overdue', 'overdue'], soon: ['due-soon', 'dueSoon'] },
  step: { overdue: ['step-overdue', 'stepOverdue'], soon: ['step-due-soon', 'stepDueSoon'] },
  feedback: {
    overdue: ['feedback-overdue', 'feedbackOverdue'],
    soon: ['feedback-due-soon', 'feedbackDueSoon'],
  },
} as const satisfies Record<string, Record<'overdue' | 'soon', readonly [NotificationKind, keyof Counts]>>;

/**
 * Quét hồ sơ quá hạn: open dossiers past their due date, and those due by the end of the
 * next working day, found through the due-date index day by day (no Scan), are marked once
 * per due date and their unit is alerted. Over a holiday "the next working day" may be a
 * week away. A unit working on a transferred step is alerted on the step's own deadline
 * too. The apology and extension letter is then the officer's `extendDeadline` action.
 * Feedback is swept the same way, on the deadline its unit is held to (to answer, then to
 * publish the answer).
 */
export async function sweepOverdue(now: Date): Promise<Counts> {
  const today = localDate(now);
  const horizon = (await workingCalendar()).workingDayFrom(addDays(today, 1));
  const counts: Counts = {
    overdue: 0,
    dueSoon: 0,
    stepOverdue: 0,
    stepDueSoon: 0,
    feedbackOverdue: 0,
    feedbackDueSoon: 0,
    alerted: 0,
    alerts: [],
  };
  const check = async (deadline: keyof typeof KINDS, code: string, dueAt: string, addressee: Addressee) => {
    const [kind, counter] = KINDS[deadline][dueAt < now.toISOString() ? 'overdue' : 'soon'];
    counts[counter] += 1;
    if (!(await alert(kind, code, dueAt, now, addressee))) return;
    counts.alerted += 1;
    counts.alerts.push({ kind, code });
  };
  for (let day = addDays(today, -LOOKBACK_DAYS); day <= horizon; day = addDays(day, 1)) {
    const due = await dueOn(day);
    for (const { code, dueAt, stepDueAt } of due.dossiers) {
      if (stepDueAt) await check('step', code, stepDueAt, dossierUnit(code));
      // Filed under its step's date, the dossier's own due date may still be far off.
      if (dueAt && localDate(new Date(dueAt)) <= horizon)
        await check('dossier', code, dueAt, dossierUnit(code));
    }
    for (const { id, kind, dueAt } of due.feedback)
      await check('feedback', id, dueAt, feedbackUnit(id, kind));
  }
  return counts;
}

/** The unit that has the dossier or the feedback now, and what its alert says beside the code and date. */
type Addressee = () => Promise<{ unit: string; vars: Partial<TemplateVars> } | undefined>;

const dossierUnit =
  (code: string): Addressee =>
  async () => {
    const dossier = await getDossier(code);
    return dossier && { unit: dossier.currentUnit, vars: { procedureName: dossier.procedureName } };
  };

const feedbackUnit =
  (id: string, deadline: string): Addressee =>
  async () => {
    const feedback = await getFeedback(id);
    return feedback && { unit: feedback.unit, vars: { deadline } };
  };

/**
 * Tells the unit once per due date. The mark is recorded only after the message is on its way,
 * so a sweep that dies in between sends it again next time (the notification's id is the same,
 * and delivery is exactly once per id), rather than never.
 */
async function alert(
  kind: NotificationKind,
  code: string,
  dueAt: string,
  now: Date,
  addressee: Addressee,
): Promise<boolean> {
  if (await dueMarked(kind, code, dueAt)) return false;
  const to = await addressee();
  if (!to) return false;
  const id = `${kind}:${code}:${dueAt}`;
  const notification: Notification = {
    id,
    eventId: id,
    kind,
    recipient: { unit: to.unit },
    code,
    at: now.toISOString(),
    vars: { ...to.vars, code, dueAt },
  };
  await send('notifications', notification, { kind });
  return markDue(kind, code, dueAt, now);
}
