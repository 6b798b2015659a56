import { describe, expect, it } from 'vitest';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime({ idleConsumers: ['countIndicators', 'sendDeliveries', 'sendWebhooks'] });

const moveClock = (body: unknown) =>
  api.call('/dev/clock', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const healthTime = async () => new Date(((await readJson(await api.call('/health'))) as Json).time as string);

describe('the local runtime’s clock (POST /dev/clock)', () => {
  it('moves the time every function sees: ahead by a duration, to an instant (standing still or not), and back', async () => {
    const before = Date.now();
    const ahead = await readJson(await moveClock({ advance: 'P3DT2H' }));
    const offset = (await healthTime()).getTime() - Date.now();
    expect(offset).toBeGreaterThan(3 * 86_400_000 + 2 * 3_600_000 - 60_000);
    expect(offset).toBeLessThan(3 * 86_400_000 + 2 * 3_600_000 + 60_000);
    expect(ahead).toMatchObject({ frozen: false });

    const stood = await readJson(await moveClock({ at: '2027-01-04T08:00:00+07:00', frozen: true }));
    expect(stood).toEqual({
      now: '2027-01-04T01:00:00.000Z',
      frozen: true,
      offsetSeconds: expect.any(Number),
    });
    expect((await healthTime()).toISOString()).toBe('2027-01-04T01:00:00.000Z');
    await moveClock({ advance: 'PT15M' });
    expect((await healthTime()).toISOString()).toBe('2027-01-04T01:15:00.000Z');

    expect(await readJson(await moveClock({ reset: true }))).toMatchObject({
      frozen: false,
      offsetSeconds: 0,
    });
    const back = (await healthTime()).getTime();
    expect(back).toBeGreaterThanOrEqual(before);
    expect(back).toBeLessThanOrEqual(Date.now());
  });

  it('refuses what is not one move, with a problem, and leaves the clock where it was', async () => {
    await moveClock({ at: '2027-02-01T00:00:00Z', frozen: true });
    for (const body of [
      { advance: '3 days' },
      { advance: 'P' },
      { at: '2027-02-01' },
      { at: 'tomorrow' },
      { advance: 'P1D', at: '2027-02-01T00:00:00Z' },
      { reset: false },
      { advance: 'P1D', frozen: 'yes' },
      { advance: 'P1D', speed: 2 },
      {},
    ]) {
      const refused = await moveClock(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
    }
    const notJson = await api.call('/dev/clock', { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect((await healthTime()).toISOString()).toBe('2027-02-01T00:00:00.000Z');
    await moveClock({ reset: true });
  });
});

describe('the schedules, run by hand (POST /dev/schedules)', () => {
  it('a dossier falls due as the clock moves past its date: the sweep then alerts its unit, once', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    const { dueAt } = await flow.get(code);
    const overdueAlerts = async () => {
      await api.runtime.settled();
      const page = (await readJson(
        await api.call('/me/notifications?limit=100', { as: 'officer', unit: BIEN_HOA }),
      )) as { items: Json[] };
      return page.items.filter((item) => item.kind === 'overdue' && item.code === code);
    };
    const run = async () =>
      (await readJson(await api.call('/dev/schedules?name=sweepOverdue', { method: 'POST' }))) as {
        ran: string[];
      };
    expect((await run()).ran).toEqual(['sweepOverdue']);
    expect(await overdueAlerts()).toEqual([]);

    await moveClock({ at: new Date(new Date(dueAt as string).getTime() + 86_400_000).toISOString() });
    await run();
    expect(await overdueAlerts()).toHaveLength(1);
    await run();
    expect(await overdueAlerts()).toHaveLength(1);
    await moveClock({ reset: true });
  });

  it('lists the schedules, and refuses a name that is none', async () => {
    const listed = (await readJson(await api.call('/dev/schedules'))) as { schedules: Json[] };
    expect(listed.schedules).toContainEqual({ name: 'sweepOverdue', everyMinutes: 15 });
    expect((await api.call('/dev/schedules?name=nothing', { method: 'POST' })).status).toBe(400);
  });
});

describe('the local runtime’s settled signal (GET /dev/settled)', () => {
  it('answers once the work a request set off is done: the applicant’s notification is then in their inbox', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    const settled = await api.call('/dev/settled');
    expect(settled.status).toBe(200);
    expect(await readJson(settled)).toEqual({ settled: true });
    const inbox = (await readJson(
      await api.call('/me/notifications', { as: 'citizen', sub: flow.citizen }),
    )) as { items: Json[] };
    expect(inbox.items.map((item) => item.code)).toContain(code);
  });

  it('takes a timeout in seconds, and refuses another', async () => {
    expect((await api.call('/dev/settled?timeout=30')).status).toBe(200);
    for (const timeout of ['0', '-1', 'soon', '1000'])
      expect((await api.call(`/dev/settled?timeout=${timeout}`)).status, timeout).toBe(400);
  });
});
