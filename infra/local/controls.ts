import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  CLOCK_VARIABLE,
  type ClockSetting,
  formatClockSetting,
  now,
  parseClockSetting,
} from '../../shared/clock.ts';
import type { GatewayResponse } from './events.ts';
import type { Invoke } from './invoke.ts';
import type { StreamPoller } from './pollers.ts';

/**
 * The local runtime's own controls, which AWS has no counterpart of and which are never
 * deployed: the clock a person or a test moves, and the signal that the work set off so
 * far has all been done (every queue drained, every stream read, no function running).
 */

/** The clock of the runtime's functions (`shared/clock.ts`), moved by hand. */
export interface LocalClock {
  now(): Date;
  /** Runs `ms` further (a negative amount runs back). */
  advance(ms: number): Date;
  /** Runs from `at` on, or stands still there when `frozen`. */
  set(at: Date, frozen?: boolean): Date;
  /** Back to the real time. */
  reset(): Date;
  /** Whether it stands still. */
  frozen(): boolean;
}

export function localClock(): LocalClock {
  const current = (): ClockSetting | undefined => {
    const raw = process.env[CLOCK_VARIABLE];
    return raw ? parseClockSetting(raw) : undefined;
  };
  const apply = (setting: ClockSetting | undefined) => {
    if (!setting || (setting.kind === 'offset' && setting.ms === 0)) delete process.env[CLOCK_VARIABLE];
    else process.env[CLOCK_VARIABLE] = formatClockSetting(setting);
    return now();
  };
  return {
    now,
    advance(ms) {
      const setting = current();
      if (setting?.kind === 'frozen') return apply({ kind: 'frozen', at: setting.at + ms });
      return apply({ kind: 'offset', ms: (setting?.ms ?? 0) + ms });
    },
    set: (at, frozen = false) =>
      apply(
        frozen ? { kind: 'frozen', at: at.getTime() } : { kind: 'offset', ms: at.getTime() - Date.now() },
      ),
    reset: () => apply(undefined),
    frozen: () => current()?.kind === 'frozen',
  };
}

/** An ISO 8601 duration of days and time (`P3D`, `PT15M`, `P1DT2H`, `-P1D`, `P2W`) in milliseconds. */
export function durationMs(text: string): number | undefined {
  const found =
    /^(-)?P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      text,
    );
  if (!found || text.endsWith('P') || text.endsWith('T')) return undefined;
  const [, minus, weeks, days, hours, minutes, seconds] = found;
  const ms =
    (Number(weeks ?? 0) * 7 * 24 * 3600 + Number(days ?? 0) * 24 * 3600) * 1000 +
    (Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0)) * 1000;
  return minus ? -ms : ms;
}

/** Counts the invocations under way, to tell when no function is running. */
export function countingInvocations(invoke: Invoke, activity: Activity): Invoke {
  return async (name, event) => {
    activity.running += 1;
    activity.started += 1;
    try {
      return await invoke(name, event);
    } finally {
      activity.running -= 1;
    }
  };
}

export interface Activity {
  running: number;
  started: number;
}

export interface SettleSources {
  activity: Activity;
  sqs: SQSClient;
  /** The queues a poller drains (the idle consumers' queues and the DLQs are left out). */
  queues: { name: string; url: string }[];
  streams: StreamPoller[];
}

/** What is still busy, or nothing when all is done. */
export async function busyWith(sources: SettleSources): Promise<string[]> {
  const busy: string[] = [];
  if (sources.activity.running > 0) busy.push(`${sources.activity.running} function(s) running`);
  const counts = await Promise.all(
    sources.queues.map(async (queue) => {
      const { Attributes = {} } = await sources.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      const waiting = Object.values(Attributes).reduce((sum, value) => sum + Number(value ?? 0), 0);
      return { name: queue.name, waiting };
    }),
  );
  for (const { name, waiting } of counts) if (waiting > 0) busy.push(`${waiting} message(s) in ${name}`);
  return busy;
}

/**
 * Waits until the work set off so far is done: no function running, every polled queue
 * empty (nothing waiting, in flight or delayed), every stream read to its end, and all of
 * that still true after the streams were read once more (the last consumer may have
 * written). Throws, naming what is still busy, when `timeoutMs` passes first.
 */
export async function settle(sources: SettleSources, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let busy: string[] = [];
  while (Date.now() < deadline) {
    const before = sources.activity.started;
    busy = await busyWith(sources);
    if (busy.length === 0) {
      if (!(await within(deadline, Promise.all(sources.streams.map((stream) => stream.caughtUp()))))) {
        busy = ["the table's stream still being read"];
        break;
      }
      busy = await busyWith(sources);
      if (busy.length === 0 && sources.activity.started === before) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`not settled within ${timeoutMs} ms: ${busy.join(', ') || 'work kept starting'}`);
}

/** Whether `work` ended before `deadline`. */
async function within(deadline: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ControlRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Buffer;
}

export interface Controls {
  clock: LocalClock;
  /**
   * Runs the scheduled functions once, now (after the clock moved, as the schedules would
   * have), or only the one named; their names, undefined when none has that name.
   */
  runSchedules(name?: string): Promise<string[] | undefined>;
  /** The scheduled functions and how often each runs. */
  schedules: { name: string; everyMinutes: number }[];
  settle(timeoutMs: number): Promise<void>;
}

const MAX_SETTLE_MS = 120_000;

/**
 * `GET|POST /dev/clock`, `POST /dev/schedules` and `GET /dev/settled`: answered by the local
 * gateway itself, never by a function, and so never part of a deployment. Undefined for any
 * other path.
 */
export async function answerControl(
  request: ControlRequest,
  controls: Controls,
): Promise<GatewayResponse | undefined> {
  if (request.path === '/dev/clock') {
    if (request.method === 'GET') return json(200, clockView(controls.clock));
    if (request.method !== 'POST') return undefined;
    const move = clockMove(request.body);
    if ('problem' in move) return problem(move.problem);
    move.apply(controls.clock);
    return json(200, clockView(controls.clock));
  }
  if (request.path === '/dev/schedules' && request.method === 'POST') {
    const ran = await controls.runSchedules(request.query.get('name') ?? undefined);
    if (!ran) return problem('name is the name of a scheduled function (GET /dev/schedules lists them)');
    return json(200, { ran, at: controls.clock.now().toISOString() });
  }
  if (request.path === '/dev/schedules' && request.method === 'GET')
    return json(200, { schedules: controls.schedules });
  if (request.path === '/dev/settled' && request.method === 'GET') {
    const asked = request.query.get('timeout');
    const seconds = asked === null ? 60 : Number(asked);
    if (!(Number.isFinite(seconds) && seconds > 0 && seconds * 1000 <= MAX_SETTLE_MS))
      return problem(`timeout is a number of seconds, at most ${MAX_SETTLE_MS / 1000}`);
    try {
      await controls.settle(seconds * 1000);
      return json(200, { settled: true });
    } catch (error) {
      return json(503, { settled: false, busy: (error as Error).message }, { 'retry-after': '1' });
    }
  }
  return undefined;
}

const clockView = (clock: LocalClock) => ({
  now: clock.now().toISOString(),
  frozen: clock.frozen(),
  offsetSeconds: Math.round((clock.now().getTime() - Date.now()) / 1000),
});

type Move = { apply(clock: LocalClock): void } | { problem: string };

/** `{"advance":"P3D"}`, `{"at":"2026-12-24T08:00:00+07:00","frozen":true}` or `{"reset":true}`. */
function clockMove(body: Buffer): Move {
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return { problem: 'the body is not JSON' };
  }
  const { advance, at, frozen, reset, ...rest } = (input ?? {}) as Record<string, unknown>;
  const named = [advance, at, reset].filter((value) => value !== undefined).length;
  if (Object.keys(rest).length || named !== 1 || (frozen !== undefined && typeof frozen !== 'boolean'))
    return { problem: 'send one of advance (an ISO 8601 duration), at (a date-time) or reset, and frozen' };
  if (reset !== undefined) {
    if (reset !== true) return { problem: 'reset takes true' };
    return { apply: (clock) => clock.reset() };
  }
  if (advance !== undefined) {
    const ms = typeof advance === 'string' ? durationMs(advance) : undefined;
    if (ms === undefined) return { problem: 'advance is an ISO 8601 duration such as P3D or PT2H' };
    return {
      apply: (clock) => {
        clock.advance(ms);
        if (frozen !== undefined) clock.set(clock.now(), frozen);
      },
    };
  }
  const when = typeof at === 'string' && /[Zz]|[+-]\d\d:\d\d$/.test(at) ? new Date(at) : undefined;
  if (!when || Number.isNaN(when.getTime()))
    return { problem: 'at is a date-time with its offset, such as 2026-12-24T08:00:00+07:00' };
  return { apply: (clock) => clock.set(when, frozen === true) };
}

/** A JSON answer of the runtime's own controls and stand-ins. */
export function json(
  statusCode: number,
  value: unknown,
  headers: Record<string, string> = {},
): GatewayResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify(value)),
  };
}

/** A 400 problem+json of the runtime's own controls and stand-ins. */
export const problem = (detail: string) =>
  json(
    400,
    { type: 'urn:motcua:problem:validation-failed', title: 'Invalid input', status: 400, detail },
    { 'content-type': 'application/problem+json' },
  );
