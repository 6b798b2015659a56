import { CalendarVietnamese } from 'date-chinese';
import { addDays, type IsoDate, iso, isWeekend, weekday, type YearSchedule } from './calendar.ts';
import { LUNAR_DATES } from './lunar-dates.ts';

/**
 * Statutory days off generated for any year (Bộ luật Lao động 2019, Điều 112) with the
 * Vietnamese lunar calendar (date-chinese, UTC+7), for the years a province config does not
 * announce.
 */

/** A Vietnamese lunar date (month 1–12, not leap) of the lunar year that starts in `year`. */
function lunarToSolar(year: number, month: number, day: number): IsoDate {
  const calendar = new CalendarVietnamese();
  calendar.fromGregorian(year, 6, 1);
  const [cycle, lunarYear] = calendar.get();
  calendar.set(cycle, lunarYear, month, false, day);
  const solar = calendar.toGregorian();
  return iso(solar.year, solar.month, solar.day);
}

/** Mùng 1 Tết of the lunar year starting in `year`, as the library works it out. */
export const computedLunarNewYear = (year: number): IsoDate => lunarToSolar(year, 1, 1);

/** Giỗ Tổ Hùng Vương, 10/3 lunar, as the library works it out. */
export const computedHungKingsDay = (year: number): IsoDate => lunarToSolar(year, 3, 10);

/** Mùng 1 Tết of the lunar year starting in `year`. */
export const lunarNewYear = (year: number): IsoDate => LUNAR_DATES[year]?.[0] ?? computedLunarNewYear(year);

/** Giỗ Tổ Hùng Vương, 10/3 lunar. */
export const hungKingsDay = (year: number): IsoDate => LUNAR_DATES[year]?.[1] ?? computedHungKingsDay(year);

/**
 * The 11 statutory days off of a year, as the Labour Code defines them, with the default
 * choices an announcement usually makes: Tết from the last day of the old year to the 4th
 * day of the new one; National Day 2/9 with the adjacent weekday that joins a weekend; a
 * day off falling on a weekend moves to the next working day (nghỉ bù).
 */
export function statutoryHolidays(year: number): IsoDate[] {
  const tet = lunarNewYear(year);
  const nationalDay = iso(year, 9, 2);
  // 1/9 when 2/9 is Tue, Wed, Fri or Sat; 3/9 when it is Sun, Mon or Thu: a weekday joining a weekend where one can.
  const adjacent = addDays(nationalDay, [2, 3, 5, 6].includes(weekday(nationalDay)) ? -1 : 1);
  const days = [
    iso(year, 1, 1),
    ...[-1, 0, 1, 2, 3].map((offset) => addDays(tet, offset)),
    hungKingsDay(year),
    iso(year, 4, 30),
    iso(year, 5, 1),
    nationalDay,
    adjacent,
  ];
  const off = new Set(days);
  for (const day of days.filter(isWeekend)) {
    let compensation = addDays(day, 1);
    while (isWeekend(compensation) || off.has(compensation)) compensation = addDays(compensation, 1);
    off.add(compensation);
  }
  return [...off].sort();
}

/**
 * The schedule of a year no announcement covers: the statutory days, no swapped weekends, marked
 * provisional until the province file gives the year as announced.
 */
export const generatedSchedule = (year: number): YearSchedule => ({
  holidays: statutoryHolidays(year),
  workingWeekends: [],
  provisional: true,
});

/**
 * Every year from `from` to `to`: the announced schedule where there is one, else the generated
 * one, provisional.
 */
export function provinceSchedules(
  announced: Readonly<Record<string, YearSchedule>>,
  from: number,
  to: number,
): Record<string, YearSchedule> {
  const schedules: Record<string, YearSchedule> = {};
  for (let year = from; year <= to; year += 1) {
    const schedule = announced[String(year)];
    schedules[String(year)] = schedule
      ? { holidays: schedule.holidays, workingWeekends: schedule.workingWeekends }
      : generatedSchedule(year);
  }
  return schedules;
}
