import { addDays, localDate } from '../domain/calendar.ts';
import type { Notification } from '../domain/notifications.ts';
import { send } from '../messaging/queues.ts';
import { dueOn, getDossier, markOverdue } from '../persistence/dossiers.ts';

/** How far back the sweep looks for open dossiers past their due date. */
export const LOOKBACK_DAYS = 60;

/**
 * Quét hồ sơ quá hạn: open dossiers past their due date, found through the due-date index
 * day by day (no Scan), are marked once per due date and their unit is alerted. The apology
 * and extension letter is then the officer's `extendDeadline` action.
 */
export async function sweepOverdue(now: Date): Promise<{ overdue: number; alerted: number }> {
  const today = localDate(now);
  let overdue = 0;
  let alerted = 0;
  for (let back = 0; back <= LOOKBACK_DAYS; back += 1) {
    for (const { code, dueAt } of await dueOn(addDays(today, -back))) {
      if (dueAt >= now.toISOString()) continue;
      overdue += 1;
      if (!(await markOverdue(code, dueAt, now))) continue;
      const dossier = await getDossier(code);
      if (!dossier) continue;
      const notification: Notification = {
        id: `overdue:${code}:${dueAt}`,
        eventId: `overdue:${code}:${dueAt}`,
        kind: 'overdue',
        recipient: { unit: dossier.currentUnit },
        code,
        at: now.toISOString(),
        vars: { code, procedureName: dossier.procedureName, dueAt },
      };
      await send('notifications', notification, { kind: notification.kind });
      alerted += 1;
    }
  }
  return { overdue, alerted };
}
