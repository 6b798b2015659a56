import { afterEach, describe, expect, it } from 'vitest';
import { LOOKUPS_PER_CODE_HOUR } from '../../shared/services/documents.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();

/** The parts of a problem that could tell one refusal from another: everything but its request id. */
const shapeOf = async (response: Response) => {
  const { instance: _instance, ...problem } = (await readJson(response)) as Json;
  return { status: response.status, headers: response.headers.get('content-type'), problem };
};

/** Stops the clock inside a minute of its own, so that a test's look-ups share one per-address window. */
function freshMinute() {
  api.runtime.clock.set(
    new Date(Math.ceil(api.runtime.clock.now().getTime() / 60_000) * 60_000 + 1_000),
    true,
  );
}

afterEach(() => {
  api.runtime.clock.reset();
});

describe('the public look-up (tra cứu hồ sơ)', () => {
  it('opens with the secret printed on the receipt, typed in any case, with or without its dash', async () => {
    const flow = journey(api);
    const { code, lookupSecret } = await flow.submit();
    expect(lookupSecret).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    for (const typed of [lookupSecret, lookupSecret.toLowerCase(), lookupSecret.replace('-', '')]) {
      const found = await api.call(`/lookup/${code}?secret=${typed}`);
      expect(found.status).toBe(200);
      expect(await readJson(found)).toMatchObject({ code, state: 1, currentUnit: { code: BIEN_HOA } });
    }
    await flow.act(code, BIEN_HOA, 'receive');
    const slip = await api.call(`/dossiers/${code}/receipt?format=html`, {
      as: 'citizen',
      sub: flow.citizen,
    });
    expect(await slip.text()).toContain(`Mã tra cứu: <b>${lookupSecret}</b>`);
  });

  it('answers a wrong secret, a wrong phone and an unknown code alike', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    const unknown = code.replace(/\d{4}$/, '9999');
    const refusals = await Promise.all(
      [
        `/lookup/${code}?secret=AAAAA-AAAAA`,
        `/lookup/${code}?phone=0000`,
        `/lookup/${unknown}?phone=5678`,
      ].map(async (path) => shapeOf(await api.call(path))),
    );
    expect(refusals[0]!.status).toBe(404);
    expect(refusals[1]).toEqual(refusals[0]);
    expect(refusals[2]).toEqual(refusals[0]);
  });

  it('needs exactly one proof: the secret or the phone digits', async () => {
    const { code } = await journey(api).submit();
    for (const query of ['', '?secret=AAAAA-AAAAA&phone=5678', '?phone=56789', '?secret=short']) {
      const response = await api.call(`/lookup/${code}${query}`);
      expect(response.status, query).toBe(400);
      expect((await readJson(response)).type).toBe('urn:motcua:problem:validation-failed');
    }
  });

  it(`limits phone digits per code: after ${LOOKUPS_PER_CODE_HOUR} in an hour they wait, and the secret still opens`, async () => {
    freshMinute();
    const { code, lookupSecret } = await journey(api).submit();
    for (let attempt = 1; attempt <= LOOKUPS_PER_CODE_HOUR; attempt += 1)
      expect((await api.call(`/lookup/${code}?phone=${String(attempt).padStart(4, '0')}`)).status).toBe(404);
    const limited = await api.call(`/lookup/${code}?phone=5678`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    expect((await readJson(limited)).type).toBe('urn:motcua:problem:too-many-requests');
    // No stranger's guesses lock out the holder of the receipt.
    expect((await api.call(`/lookup/${code}?secret=${lookupSecret}`)).status).toBe(200);
  });
});
