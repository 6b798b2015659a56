/**
 * The time of the system. On AWS it is the real time. A local runtime may set another
 * (`MOTCUA_CLOCK`), so that deadlines, lateness, the overdue sweep, rating and signature
 * windows can be driven by hand: `offset:<ms>` runs that far from the real time,
 * `frozen:<epoch ms>` stands still at one instant. Request handlers and consumers take
 * their `now` from here; waits and timeouts keep the real time.
 */
export const CLOCK_VARIABLE = 'MOTCUA_CLOCK';

export type ClockSetting = { kind: 'offset'; ms: number } | { kind: 'frozen'; at: number };

let cached: { raw: string; setting: ClockSetting | undefined } | undefined;

export function now(): Date {
  const setting = clockSetting();
  if (!setting) return new Date();
  return new Date(setting.kind === 'frozen' ? setting.at : Date.now() + setting.ms);
}

function clockSetting(): ClockSetting | undefined {
  const raw = process.env[CLOCK_VARIABLE];
  if (!raw) return undefined;
  if (cached?.raw !== raw) cached = { raw, setting: parseClockSetting(raw) };
  return cached.setting;
}

/** The setting's text, `offset:<ms>` or `frozen:<epoch ms>`; anything else is a mistake of the runtime. */
export function parseClockSetting(raw: string): ClockSetting {
  const [kind, value] = raw.split(':');
  const number = Number(value);
  if (!Number.isSafeInteger(number) || (kind !== 'offset' && kind !== 'frozen'))
    throw new Error(`${CLOCK_VARIABLE} must be offset:<ms> or frozen:<epoch ms>, not ${raw}`);
  return kind === 'offset' ? { kind, ms: number } : { kind, at: number };
}

export const formatClockSetting = (setting: ClockSetting): string =>
  setting.kind === 'offset' ? `offset:${setting.ms}` : `frozen:${setting.at}`;
