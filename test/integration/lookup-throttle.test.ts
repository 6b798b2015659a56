import { afterEach, describe, expect, it } from 'vitest';
import { httpApiEvent } from '../../infra/local/events.ts';
import { LOOKUPS_PER_CODE_HOUR, LOOKUPS_PER_MINUTE } from '../../shared/services/documents.ts';
import { journey } from '../support/dossiers.ts';
import { useRuntime } from '../support/runtime.ts';

// A file of its own: the per-address window must hold no other test's look-ups.
const api = useRuntime();

afterEach(() => {
  api.runtime.clock.reset();
});

describe('the public look-up, from one address', () => {
  it(`limits attempts per address: the ${LOOKUPS_PER_MINUTE + 1}st in a minute, on any codes, gets 429`, async () => {
    // The clock stands still inside one minute, so that every look-up falls in its window.
    api.runtime.clock.set(new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 1_000), true);
    const { code } = await journey(api).submit();
    const statuses: number[] = [];
    for (let at = 0; at <= LOOKUPS_PER_MINUTE; at += 1) {
      const probe = code.replace(/\d{4}$/, String(5000 + at));
      statuses.push((await api.call(`/lookup/${probe}?phone=5678`)).status);
    }
    expect(statuses.slice(0, LOOKUPS_PER_MINUTE)).toEqual(Array(LOOKUPS_PER_MINUTE).fill(404));
    expect(statuses.at(-1)).toBe(429);
    for (let at = 0; at < LOOKUPS_PER_CODE_HOUR; at += 1) {
      const limited = await api.call(`/lookup/${code}?phone=5678`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    }
    // Refused by address, those count against no code: from elsewhere, the right digits open it.
    expect(await lookupFrom('203.0.113.7', code)).toBe(200);
  });
});

/** GET /lookup/{code}?phone=5678 (the applicant's digits) as the gateway hands it over from another address. */
async function lookupFrom(address: string, code: string): Promise<number> {
  const event = httpApiEvent(
    {
      method: 'GET',
      url: `/lookup/${code}?phone=5678`,
      rawHeaders: ['host', '127.0.0.1'],
      body: Buffer.alloc(0),
      sourceIp: address,
    },
    { routeKey: 'GET /lookup/{code}', pathParameters: { code } },
    undefined,
    api.runtime.clock.now(),
  );
  return ((await api.runtime.invoke('lookupDossier', event)) as { statusCode: number }).statusCode;
}
