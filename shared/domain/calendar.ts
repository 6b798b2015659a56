import { CalendarVietnamese } from 'date-chinese';

/**
 * The working-day calendar of Vietnamese civil servants, in Asia/Ho_Chi_Minh (UTC+7, no
 * daylight saving). Statutory holidays are generated for any year (Bộ luật Lao động 2019,
 * Điều 112) with the Vietnamese lunar calendar; a province config replaces a whole year
 * with the schedule the government announced (bridge days, swapped weekends).
 */

/** `yyyy-mm-dd` in Vietnam. */
export type IsoDate = string;

export interface YearSchedule {
  holidays: readonly IsoDate[];
  /** Saturdays or Sundays worked in exchange for a bridge day. */
  workingWeekends: readonly IsoDate[];
}

const OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;
/** Office hours end at 17:00; a due date means the end of that working day. */
export const END_OF_DAY_HOUR = 17;

export const localDate = (instant: Date): IsoDate =>
  new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
export const localHour = (instant: Date): number => new Date(instant.getTime() + OFFSET_MS).getUTCHours();
/** The instant of `hour:00` on a Vietnamese date. */
export const atLocal = (date: IsoDate, hour: number): Date =>
  new Date(Date.parse(`${date}T00:00:00Z`) + hour * 3600_000 - OFFSET_MS);

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const weekday = (date: IsoDate): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: IsoDate): boolean => weekday(date) === 0 || weekday(date) === 6;
const iso = (year: number, month: number, day: number): IsoDate =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** A Vietnamese lunar date (month 1–12, not leap) of the lunar year that starts in `year`. */
function lunarToSolar(year: number, month: number, day: number): IsoDate {
  const calendar = new CalendarVietnamese();
  calendar.fromGregorian(year, 6, 1);
  const [cycle, lunarYear] = calendar.get();
  calendar.set(cycle, lunarYear, month, false, day);
  const solar = calendar.toGregorian();
  return iso(solar.year, solar.month, solar.day);
}

/** Mùng 1 Tết of the lunar year starting in `year`. */
export const lunarNewYear = (year: number): IsoDate => lunarToSolar(year, 1, 1);

/** Giỗ Tổ Hùng Vương, 10/3 lunar. */
export const hungKingsDay = (year: number): IsoDate => lunarToSolar(year, 3, 10);

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

export class WorkingCalendar {
  readonly #schedules: Readonly<Record<string, YearSchedule>>;
  readonly #years = new Map<number, { off: Set<IsoDate>; worked: Set<IsoDate> }>();

  /** `schedules` by year replace the generated holidays of that year. */
  constructor(schedules: Readonly<Record<string, YearSchedule>> = {}) {
    this.#schedules = schedules;
  }

  isWorkingDay(date: IsoDate): boolean {
    const year = this.#year(Number(date.slice(0, 4)));
    if (year.worked.has(date)) return true;
    return !isWeekend(date) && !year.off.has(date);
  }

  /** The date itself when it is a working day, else the next one. */
  workingDayFrom(date: IsoDate): IsoDate {
    let day = date;
    while (!this.isWorkingDay(day)) day = addDays(day, 1);
    return day;
  }

  /** The working day `days` working days after `date` (itself when 0 and working). */
  addWorkingDays(date: IsoDate, days: number): IsoDate {
    let day = this.workingDayFrom(date);
    for (let left = days; left > 0; left -= 1) day = this.workingDayFrom(addDays(day, 1));
    return day;
  }

  /** Working days in [from, to): how many the clock counts between two dates. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    let count = 0;
    for (let day = from; day < to; day = addDays(day, 1)) if (this.isWorkingDay(day)) count += 1;
    return count;
  }

  #year(year: number) {
    let cached = this.#years.get(year);
    if (!cached) {
      const schedule = this.#schedules[String(year)];
      cached = schedule
        ? { off: new Set(schedule.holidays), worked: new Set(schedule.workingWeekends) }
        : { off: new Set(statutoryHolidays(year)), worked: new Set<IsoDate>() };
      this.#years.set(year, cached);
    }
    return cached;
  }
}
