declare module 'date-chinese' {
  /** The Vietnamese lunisolar calendar (UTC+7 since 1968), after Meeus' astronomical algorithms. */
  export class CalendarVietnamese {
    fromGregorian(year: number, month: number, day: number): this;
    /** [cycle, year, month, leap, day] */
    get(): [number, number, number, boolean, number];
    set(cycle: number, year: number, month: number, leap: boolean, day: number): this;
    toGregorian(gyear?: number): { year: number; month: number; day: number };
  }
}
