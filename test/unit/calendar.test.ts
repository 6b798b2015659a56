import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProvince } from '../../shared/config/province.ts';
import { addDays, localDate, WorkingCalendar } from '../../shared/domain/calendar.ts';
import { dueDate, extendDueDate, pausedWorkingDays, timeliness } from '../../shared/domain/deadline.ts';
import {
  computedHungKingsDay,
  computedLunarNewYear,
  generatedSchedule,
  hungKingsDay,
  lunarNewYear,
  provinceSchedules,
  statutoryHolidays,
} from '../../shared/domain/holidays.ts';
import { LUNAR_DATES } from '../../shared/domain/lunar-dates.ts';
import { CALENDAR_YEARS } from '../../shared/persistence/calendar.ts';

const vn = (local: string) => new Date(`${local}+07:00`);
const generated = new WorkingCalendar({}, generatedSchedule);
const dongNai = new WorkingCalendar(provinceSchedules(loadProvince('dong-nai').calendar, 2020, 2100));

describe('the Vietnamese lunar holidays', () => {
  it.each([
    [1985, '1985-01-21'], // a year when Vietnam's Tết fell a month before China's
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2030, '2030-02-02'], // UTC+7: a day before the Chinese new year
  ])('Tết of %i is %s', (year, date) => {
    expect(computedLunarNewYear(year)).toBe(date);
    expect(lunarNewYear(year)).toBe(date);
  });

  it.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('Giỗ Tổ Hùng Vương of %i is %s', (year, date) => {
    expect(computedHungKingsDay(year)).toBe(date);
    expect(hungKingsDay(year)).toBe(date);
  });

  it('are worked out by the library for a year outside the kept ones', () => {
    expect(LUNAR_DATES[1990]).toBeUndefined();
    expect(hungKingsDay(1990)).toBe(computedHungKingsDay(1990));
    expect(hungKingsDay(1990)).toMatch(/^1990-04-\d\d$/);
  });

  it('are kept worked out for the years the catalog seeds, each as the library gives it', () => {
    const years = Object.keys(LUNAR_DATES).map(Number);
    expect([Math.min(...years), Math.max(...years)]).toEqual([CALENDAR_YEARS.from, CALENDAR_YEARS.to]);
    expect(years).toHaveLength(CALENDAR_YEARS.to - CALENDAR_YEARS.from + 1);
    for (const year of years)
      expect(LUNAR_DATES[year], String(year)).toEqual([
        computedLunarNewYear(year),
        computedHungKingsDay(year),
      ]);
  });

  it('generates the 11 statutory days of 2025 with National Day joined to the weekend', () => {
    expect(statutoryHolidays(2025)).toEqual([
      '2025-01-01',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-02-03', // compensation for Saturday 1 February
      '2025-04-07',
      '2025-04-30',
      '2025-05-01',
      '2025-09-01',
      '2025-09-02',
    ]);
  });

  it('moves a holiday on a weekend to the next working day (Hùng Kings on Sunday 26/4/2026)', () => {
    expect(statutoryHolidays(2026)).toContain('2026-04-27');
  });

  it('has at least 11 days off every year, none of them twice', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), (year) => {
        const days = statutoryHolidays(year);
        expect(new Set(days).size).toBe(days.length);
        expect(days.length).toBeGreaterThanOrEqual(11);
      }),
    );
  });
});

describe('the working-day calendar', () => {
  it('follows the announced 2025 schedule of the province: nine days of Tết, a Saturday worked', () => {
    for (let day = '2025-01-25'; day <= '2025-02-02'; day = addDays(day, 1))
      expect(dongNai.isWorkingDay(day)).toBe(false);
    expect(dongNai.isWorkingDay('2025-02-03')).toBe(true);
    expect(dongNai.isWorkingDay('2025-04-26')).toBe(true); // Saturday, worked for 2 May
    expect(dongNai.isWorkingDay('2025-05-02')).toBe(false);
  });

  it('has no lunar holiday without a schedule for the year', () => {
    expect(new WorkingCalendar().isWorkingDay('2027-02-08')).toBe(true);
    expect(dongNai.isWorkingDay('2027-02-08')).toBe(false); // Tết 2027, generated at seeding
  });

  it('marks a generated year provisional until the province announces it', () => {
    expect(generatedSchedule(2027).provisional).toBe(true);
    const schedules = provinceSchedules(loadProvince('dong-nai').calendar, 2025, 2028);
    expect(
      Object.entries(schedules).map(([year, schedule]) => [year, schedule.provisional === true]),
    ).toEqual([
      ['2025', false],
      ['2026', false],
      ['2027', true],
      ['2028', true],
    ]);
    expect(dongNai.isProvisional('2026-12-31')).toBe(false);
    expect(dongNai.isProvisional('2027-01-01')).toBe(true);
    expect(generated.isProvisional('2030-06-01')).toBe(true);
  });

  it('never counts 1 January as a working day in a year not yet announced', () => {
    // 15 working days from Tuesday 15 December 2026 reach into 2027, which the demo file does not announce.
    const due = dueDate(vn('2026-12-15T09:00:00'), { processingDays: 15 }, dongNai);
    expect(localDate(due)).toBe('2027-01-06');
    expect(dongNai.isWorkingDay('2027-01-01')).toBe(false);
    // With weekends only, the same dossier would be promised a day too early.
    expect(localDate(dueDate(vn('2026-12-15T09:00:00'), { processingDays: 15 }, new WorkingCalendar()))).toBe(
      '2027-01-05',
    );
  });

  it('follows the 2026 schedule: Tết from 14 to 22 February', () => {
    expect(dongNai.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
  });

  it('adds working days: the result is a working day the right count away', () => {
    const dates = fc.integer({ min: 0, max: 365 * 3 }).map((offset) => addDays('2025-01-01', offset));
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 40 }), (date, days) => {
        const due = dongNai.addWorkingDays(date, days);
        expect(dongNai.isWorkingDay(due)).toBe(true);
        expect(dongNai.workingDaysBetween(dongNai.workingDayFrom(date), due)).toBe(days);
      }),
    );
  });

  it('counts working days additively over any split', () => {
    const dates = fc.integer({ min: 0, max: 800 }).map((offset) => addDays('2025-01-01', offset));
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (from, a, b) => {
        const middle = addDays(from, a);
        const to = addDays(middle, b);
        expect(generated.workingDaysBetween(from, to)).toBe(
          generated.workingDaysBetween(from, middle) + generated.workingDaysBetween(middle, to),
        );
      }),
    );
  });
});

describe('due dates', () => {
  const threeDays = { processingDays: 3 };
  const sameDay = { processingDays: 0, cutoffHour: 15 };

  it('counts from the day of reception to the end of the last working day', () => {
    expect(dueDate(vn('2025-03-10T09:00:00'), threeDays, dongNai).toISOString()).toBe(
      vn('2025-03-13T17:00:00').toISOString(),
    );
  });

  it('skips weekends and holidays', () => {
    // Received Tuesday 29 April 2025: 30/4, 1/5 and 2/5 off, 3–4/5 the weekend.
    expect(localDate(dueDate(vn('2025-04-29T10:00:00'), threeDays, dongNai))).toBe('2025-05-07');
  });

  it('honours the same-day cut-off hour: after 15:00 the next working day', () => {
    expect(dueDate(vn('2025-03-14T14:59:00'), sameDay, dongNai).toISOString()).toBe(
      vn('2025-03-14T17:00:00').toISOString(),
    );
    expect(localDate(dueDate(vn('2025-03-14T15:00:00'), sameDay, dongNai))).toBe('2025-03-17');
  });

  it('starts a dossier received on a day off on the next working day', () => {
    expect(localDate(dueDate(vn('2025-03-15T09:00:00'), threeDays, dongNai))).toBe('2025-03-20');
  });

  it('moves the due date by the working days a supplement request paused the clock', () => {
    const due = dueDate(vn('2025-03-10T09:00:00'), threeDays, dongNai);
    const paused = pausedWorkingDays(vn('2025-03-11T10:00:00'), vn('2025-03-17T08:00:00'), dongNai);
    expect(paused).toBe(4); // Tue, Wed, Thu, Fri
    expect(localDate(extendDueDate(due, paused, dongNai))).toBe('2025-03-19');
  });

  it('tells early, on time and late apart', () => {
    const due = vn('2025-03-13T17:00:00');
    expect(timeliness(vn('2025-03-12T16:00:00'), due)).toBe('early');
    expect(timeliness(vn('2025-03-13T16:59:00'), due)).toBe('on-time');
    expect(timeliness(vn('2025-03-13T17:01:00'), due)).toBe('late');
  });
});

describe('a year no announcement covers', () => {
  it('still rests on its statutory holidays, and works the days around them', () => {
    const calendar = new WorkingCalendar({}, generatedSchedule);
    expect(calendar.isWorkingDay('2041-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2041-01-02')).toBe(true);
    expect(calendar.isWorkingDay('2041-09-02')).toBe(false);
    expect(generatedSchedule(2041).workingWeekends).toEqual([]);
  });
});
