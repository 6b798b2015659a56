/**
 * The working-day calendar of Vietnamese civil servants, in Asia/Ho_Chi_Minh (UTC+7, no
 * daylight saving), over yearly schedules of days off and weekend days worked. The
 * schedules come from the province config where a year was announced, and are generated
 * from the Labour Code elsewhere (`holidays.ts`, run when the catalog is seeded, so that no
 * request path carries the lunar calendar).
 */

/** `yyyy-mm-dd` in Vietnam. */
export type IsoDate = string;

export interface YearSchedule {
  holidays: readonly IsoDate[];
  /** Saturdays or Sundays worked in exchange for a bridge day. */
  workingWeekends: readonly IsoDate[];
  /**
   * Generated from the Labour Code, not announced: right on the statutory days, blind to the
   * bridge days and make-up Saturdays of the yearly notice. Set until the province file has the year.
   */
  provisional?: true;
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

export const weekday = (date: IsoDate): number => new Date(`${date}T00:00:00Z`).getUTCDay();
export const isWeekend = (date: IsoDate): boolean => weekday(date) === 0 || weekday(date) === 6;
export const iso = (year: number, month: number, day: number): IsoDate =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

export class WorkingCalendar {
  readonly #schedules: Readonly<Record<string, YearSchedule>>;
  readonly #fallback: (year: number) => YearSchedule;
  readonly #years = new Map<number, { off: Set<IsoDate>; worked: Set<IsoDate> }>();

  /** `schedules` by year; a year without one takes the fallback (by default, weekends only). */
  constructor(
    schedules: Readonly<Record<string, YearSchedule>> = {},
    fallback: (year: number) => YearSchedule = () => ({ holidays: [], workingWeekends: [] }),
  ) {
    this.#schedules = schedules;
    this.#fallback = fallback;
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

  /** Whether the date's year runs on a generated schedule that no announcement has confirmed yet. */
  isProvisional(date: IsoDate): boolean {
    const year = Number(date.slice(0, 4));
    return (this.#schedules[String(year)] ?? this.#fallback(year)).provisional === true;
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
      const schedule = this.#schedules[String(year)] ?? this.#fallback(year);
      cached = { off: new Set(schedule.holidays), worked: new Set(schedule.workingWeekends) };
      this.#years.set(year, cached);
    }
    return cached;
  }
}
