import type { Dashboard } from '../documents/dashboard.ts';
import { addDays, atLocal, localDate } from '../domain/calendar.ts';
import { DomainError } from '../domain/errors.ts';
import { figures, periodsOf } from '../domain/indicators.ts';
import type { Principal } from '../http/principal.ts';
import { workingCalendar } from '../persistence/calendar.ts';
import { listUnits } from '../persistence/catalog.ts';
import { countInbox } from '../persistence/dossiers.ts';
import { countsOf, officersOf } from '../persistence/indicators.ts';
import { leads } from './dossiers.ts';

/**
 * Chỉ đạo, điều hành: for a leader, their unit and each unit below it — open dossiers, those
 * due by the end of the next working day, those overdue (each unit's own inbox, counted on
 * its index), and the period's resolved dossiers and on-time rate (the counters of what the
 * unit and the units below it received) — with the officers of the unit and what each resolved.
 * Every figure comes with the address of the list behind it.
 */
export async function leaderDashboard(
  unitCode: string,
  period: string | undefined,
  principal: Principal,
  now: Date,
): Promise<Dashboard> {
  if (!(await leads(principal, unitCode)))
    throw new DomainError('forbidden', {
      vi: 'Lãnh đạo chỉ xem đơn vị mình và các đơn vị trực thuộc.',
      en: 'A leader sees their own unit and the units below it.',
    });
  const shown = period ?? periodsOf(now.toISOString())[0]!;
  const calendar = await workingCalendar();
  const soon = atLocal(addDays(calendar.workingDayFrom(addDays(localDate(now), 1)), 1), 0).toISOString();
  const at = now.toISOString();
  const units = (await listUnits()).filter(
    (unit) => !unit.external && (unit.code === unitCode || unit.ancestors?.includes(unitCode)),
  );
  const counts = await countsOf(
    units.map((unit) => `UNIT#${unit.code}`),
    shown,
  );
  const rows = await Promise.all(
    units.map(async (unit) => {
      const [open, dueSoonOrOver, overdue] = await Promise.all([
        countInbox(unit.code),
        countInbox(unit.code, soon),
        countInbox(unit.code, at),
      ]);
      const mine = counts.get(`UNIT#${unit.code}`)!;
      const inbox = `/units/${unit.code}/dossiers`;
      return {
        code: unit.code,
        name: unit.name,
        open,
        dueSoon: dueSoonOrOver - overdue,
        overdue,
        resolved: mine.resolved,
        onTimeRate: figures(mine).onTimeRate,
        lists: {
          open: inbox,
          dueSoon: `${inbox}?dueBefore=${encodeURIComponent(soon)}`,
          overdue: `${inbox}?dueBefore=${encodeURIComponent(at)}`,
          resolved: `/indicators?unit=${unit.code}&period=${shown}`,
        },
      };
    }),
  );
  const officers = (await officersOf(unitCode, shown)).map(({ officer, counts: mine }) => ({
    officer,
    resolved: mine.resolved,
    onTimeRate: figures(mine).onTimeRate,
  }));
  return { unit: unitCode, period: shown, at, units: rows, officers };
}
