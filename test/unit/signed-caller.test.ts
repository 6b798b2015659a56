import { generateKeyPairSync } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../shared/domain/errors.ts';
import type { Integrator } from '../../shared/domain/integrators.ts';
import { signRequest } from '../../shared/http/signatures.ts';
import { pathSpellings, signedCaller } from '../../shared/http/signed-caller.ts';

/**
 * The registry, the nonces and the rate counters as the store keeps them, in memory: what the
 * check reads and writes is all this file looks at.
 */
const store = vi.hoisted(() => ({
  keys: new Map<string, { integrator: unknown; key: { publicKey: unknown } }>(),
  nonces: new Map<string, Date>(),
  released: [] as string[],
  hits: new Map<string, number>(),
  hitCalls: [] as { bucket: string; windowSeconds: number; now: Date }[],
  resetsIn: 17,
  counted: [] as { metric: string; dimensions: Record<string, string> }[],
}));

vi.mock('../../shared/persistence/integrators.ts', () => ({
  activeKey: async (keyid: string) => {
    if (keyid === 'unreachable') throw new Error('the registry is unreachable');
    return store.keys.get(keyid);
  },
  claimNonce: async (keyid: string, nonce: string, keepUntil: Date) => {
    if (store.nonces.has(`${keyid}#${nonce}`)) return false;
    store.nonces.set(`${keyid}#${nonce}`, keepUntil);
    return true;
  },
  releaseNonce: async (keyid: string, nonce: string) => {
    store.released.push(`${keyid}#${nonce}`);
    store.nonces.delete(`${keyid}#${nonce}`);
  },
}));

vi.mock('../../shared/persistence/rate-limits.ts', () => ({
  hit: async (bucket: string, windowSeconds: number, now: Date) => {
    store.hitCalls.push({ bucket, windowSeconds, now });
    const hits = (store.hits.get(bucket) ?? 0) + 1;
    store.hits.set(bucket, hits);
    return { hits, resetsIn: store.resetsIn };
  },
}));

vi.mock('../../shared/observability.ts', async (original) => ({
  ...(await original<typeof import('../../shared/observability.ts')>()),
  count: (metric: string, dimensions: Record<string, string> = {}) => {
    store.counted.push({ metric, dimensions });
  },
}));

const NOW = new Date('2026-12-01T03:00:00Z');
const DOMAIN = 'api.motcua.example.gov.vn';
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const KEYID = 'lgsp-2026';

const integrator = (patch: Partial<Integrator> = {}): Integrator => ({
  id: 'lgsp',
  name: 'LGSP tỉnh',
  unit: '000.00.01.H19',
  scopes: ['dossiers:submit', 'dossiers:read'],
  status: 'active',
  createdAt: '2026-11-01T00:00:00Z',
  version: 1,
  ...patch,
});

function register(patch: Partial<Integrator> = {}) {
  store.keys.set(KEYID, {
    integrator: integrator(patch),
    key: { publicKey: publicKey.export({ format: 'jwk' }) },
  });
}

beforeEach(() => {
  store.keys.clear();
  store.nonces.clear();
  store.released.length = 0;
  store.hits.clear();
  store.hitCalls.length = 0;
  store.resetsIn = 17;
  store.counted.length = 0;
  register();
});

/**
 * A request signed by the integrator over the URL it addressed, as API Gateway hands it to the
 * function: the path decoded (`rawPath`), the query as sent, the scheme in a header.
 */
async function signedEvent(
  init: {
    signedUrl?: string;
    rawPath?: string;
    query?: string;
    method?: string;
    body?: string;
    base64?: boolean;
    created?: Date;
    nonce?: string;
    proto?: string;
    keyid?: string;
  } = {},
): Promise<APIGatewayProxyEventV2> {
  const rawPath = init.rawPath ?? '/integrations/v1/dossiers';
  const query = init.query ?? '';
  const method = init.method ?? 'POST';
  const signedUrl =
    init.signedUrl ?? `${init.proto ?? 'https'}://${DOMAIN}${rawPath}${query ? `?${query}` : ''}`;
  const headers = await signRequest(
    {
      method,
      url: signedUrl,
      ...(init.body === undefined ? {} : { body: Buffer.from(init.body) }),
      headers: { 'content-type': 'application/json' },
    },
    { keyid: init.keyid ?? KEYID, privateKey },
    { created: init.created ?? NOW, nonce: init.nonce ?? 'nonce-0001' },
  );
  return {
    version: '2.0',
    routeKey: `${method} /integrations/v1/dossiers`,
    rawPath,
    rawQueryString: query,
    headers: { ...headers, ...(init.proto ? { 'x-forwarded-proto': init.proto } : {}) },
    requestContext: {
      domainName: DOMAIN,
      requestId: 'r-1',
      http: { method, path: rawPath, sourceIp: '203.0.113.9' },
    },
    ...(init.body === undefined
      ? {}
      : {
          body: init.base64 ? Buffer.from(init.body).toString('base64') : init.body,
          isBase64Encoded: init.base64 ?? false,
        }),
  } as unknown as APIGatewayProxyEventV2;
}

/** The problem kind the check refuses with, or `accepted`. */
const verdict = (
  event: APIGatewayProxyEventV2,
  scope: 'dossiers:submit' | 'dossiers:progress' = 'dossiers:submit',
) =>
  signedCaller(event, scope, NOW).then(
    () => 'accepted',
    (error: DomainError) => error.kind,
  );

describe('a signed request’s integrator', () => {
  it('is the one its active key belongs to, when the body and the URL are the ones signed', async () => {
    const event = await signedEvent({ body: '{"MaHoSo":"1"}', query: 'since=2026-11-01' });
    const caller = await signedCaller(event, 'dossiers:submit', NOW);
    expect(caller.integrator).toEqual(integrator());
    expect(store.counted).toEqual([]);
  });

  it('reads the scheme from X-Forwarded-Proto, https when absent, and the body base64-decoded when so sent', async () => {
    expect(await verdict(await signedEvent({ proto: 'http' }))).toBe('accepted');
    // Signed for http, but nothing says it came so: taken as https, the signature does not hold.
    const http = await signedEvent({ signedUrl: `http://${DOMAIN}/integrations/v1/dossiers` });
    expect(await verdict(http)).toBe('signature-invalid');
    expect(await verdict(await signedEvent({ body: '{"a":"Hòa"}', base64: true }))).toBe('accepted');
  });

  it('covers the query exactly as sent: another query is refused', async () => {
    const event = await signedEvent({ query: 'since=2026-11-01' });
    expect(await verdict(event)).toBe('accepted');
    expect(await verdict({ ...event, rawQueryString: 'since=2020-01-01' })).toBe('signature-invalid');
    expect(await verdict({ ...event, rawQueryString: '' })).toBe('signature-invalid');
  });

  it('holds for the path as the client escaped it, though API Gateway hands it over decoded', async () => {
    for (const [sent, decoded] of [
      ['/integrations/v1/dossiers/H%C3%B2a', '/integrations/v1/dossiers/Hòa'],
      ['/integrations/v1/dossiers/a%20b', '/integrations/v1/dossiers/a b'],
      ['/integrations/v1/dossiers/a%3Ab', '/integrations/v1/dossiers/a:b'],
    ] as const) {
      const event = await signedEvent({ signedUrl: `https://${DOMAIN}${sent}`, rawPath: decoded });
      expect(await verdict(event), sent).toBe('accepted');
    }
  });

  it('is refused without the scope the route needs, and each refusal is counted by its problem', async () => {
    expect(await verdict(await signedEvent(), 'dossiers:progress')).toBe('scope-denied');
    expect(await verdict(await signedEvent({ keyid: 'revoked-2025' }))).toBe('unknown-key');
    expect(store.counted).toEqual([
      { metric: 'SignaturesRefused', dimensions: { document: 'request', problem: 'scope-denied' } },
      { metric: 'SignaturesRefused', dimensions: { document: 'request', problem: 'unknown-key' } },
    ]);
  });

  it('is checked against the body received: a body changed after signing is refused', async () => {
    const event = await signedEvent({ body: '{"MaHoSo":"1"}' });
    expect(await verdict({ ...event, body: '{"MaHoSo":"2"}' })).toBe('digest-mismatch');
  });

  it('counts as refused only what the check refuses, not a failure of the registry', async () => {
    await expect(
      signedCaller(await signedEvent({ keyid: 'unreachable' }), 'dossiers:submit', NOW),
    ).rejects.toThrow('the registry is unreachable');
    expect(store.counted).toEqual([]);
  });

  it('names the integrator and the scope it lacks', async () => {
    const refusal = await signedCaller(await signedEvent(), 'dossiers:progress', NOW).catch(
      (error: DomainError) => error,
    );
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).detail).toEqual({
      vi: 'Hệ thống lgsp không được cấp phạm vi dossiers:progress.',
      en: 'Integrator lgsp is not granted dossiers:progress.',
    });
  });

  it('must be signed within the last 300 s, and at most 30 s ahead of this clock', async () => {
    const at = async (offsetSeconds: number) =>
      verdict(await signedEvent({ created: new Date(NOW.getTime() + offsetSeconds * 1000) }));
    expect(await at(-301)).toBe('signature-expired');
    expect(await at(-300)).toBe('accepted');
    expect(await at(30)).toBe('accepted');
    expect(await at(31)).toBe('signature-expired');
  });
});

describe('an integrator’s rate', () => {
  it('is counted per integrator in windows of a minute, whatever the route', async () => {
    await signedCaller(await signedEvent(), 'dossiers:submit', NOW);
    expect(store.hitCalls).toEqual([{ bucket: 'integrator#lgsp', windowSeconds: 60, now: NOW }]);
  });

  it('is 600 requests a minute unless set: the 601st is refused, with when to try again', async () => {
    store.hits.set('integrator#lgsp', 599);
    expect(await verdict(await signedEvent())).toBe('accepted');
    const refusal = await signedCaller(await signedEvent(), 'dossiers:submit', NOW).catch(
      (error: DomainError) => error,
    );
    expect(refusal).toMatchObject({ kind: 'too-many-requests', retryAfterSeconds: 17 });
    expect((refusal as DomainError).detail).toEqual({
      vi: 'Hệ thống lgsp đã gửi quá 600 yêu cầu trong một phút.',
      en: 'Integrator lgsp sent more than 600 requests this minute.',
    });
  });

  it('is the integrator’s own when an administrator set one', async () => {
    register({ requestsPerMinute: 2 });
    expect(await verdict(await signedEvent())).toBe('accepted');
    expect(await verdict(await signedEvent())).toBe('accepted');
    expect(await verdict(await signedEvent())).toBe('too-many-requests');
  });
});

describe('a signed request’s work', () => {
  it('runs once under its nonce, kept until the signature could no longer be accepted (301 s)', async () => {
    const created = new Date(NOW.getTime() - 10_000);
    const caller = await signedCaller(await signedEvent({ created }), 'dossiers:submit', NOW);
    expect(await caller.accept(async () => 'done')).toBe('done');
    expect(store.nonces.get(`${KEYID}#nonce-0001`)).toEqual(new Date(created.getTime() + 301_000));
  });

  it('is refused as a replay when its nonce was claimed before, and does not run', async () => {
    const event = await signedEvent();
    await (await signedCaller(event, 'dossiers:submit', NOW)).accept(async () => 'first');
    const again = await signedCaller(event, 'dossiers:submit', NOW);
    let ran = false;
    const refusal = await again
      .accept(async () => {
        ran = true;
      })
      .catch((error: DomainError) => error);
    expect(refusal).toMatchObject({
      kind: 'replayed',
      detail: {
        vi: 'Yêu cầu với nonce này đã được nhận trước đó.',
        en: 'A request with this nonce was received before.',
      },
    });
    expect(ran).toBe(false);
    expect(store.counted).toEqual([
      { metric: 'SignaturesRefused', dimensions: { document: 'request', problem: 'replayed' } },
    ]);
  });

  it('gives its nonce back when the work refuses the request, so that sent again it is refused the same way', async () => {
    const event = await signedEvent();
    const refuse = async () => {
      throw new DomainError('not-found', { vi: 'Không có.', en: 'None.' });
    };
    for (const attempt of [1, 2]) {
      const caller = await signedCaller(event, 'dossiers:submit', NOW);
      await expect(caller.accept(refuse), String(attempt)).rejects.toMatchObject({ kind: 'not-found' });
    }
    expect(store.released).toEqual([`${KEYID}#nonce-0001`, `${KEYID}#nonce-0001`]);
    // The work's own refusal is the request's answer, not a refused signature.
    expect(store.counted).toEqual([]);
  });

  it('gives its nonce back when the checks refuse it, but never one a replay found claimed', async () => {
    const event = await signedEvent();
    // Refused for its scope: the nonce is free again, and the request, sent where it may go, runs.
    expect(await verdict(event, 'dossiers:progress')).toBe('scope-denied');
    expect(store.released).toEqual([`${KEYID}#nonce-0001`]);
    await (await signedCaller(event, 'dossiers:submit', NOW)).accept(async () => 'ran');
    // Replayed where it may not go: refused, and the first request's nonce stays claimed.
    expect(await verdict(event, 'dossiers:progress')).toBe('scope-denied');
    expect(store.released).toEqual([`${KEYID}#nonce-0001`]);
    const again = await signedCaller(event, 'dossiers:submit', NOW);
    await expect(again.accept(async () => 'twice')).rejects.toMatchObject({ kind: 'replayed' });
  });

  it('keeps its nonce when the system fails: what was written stands, and the request cannot run twice', async () => {
    const event = await signedEvent();
    const caller = await signedCaller(event, 'dossiers:submit', NOW);
    await expect(
      caller.accept(async () => {
        throw new Error('DynamoDB went away');
      }),
    ).rejects.toThrow('DynamoDB went away');
    expect(store.released).toEqual([]);
    const again = await signedCaller(event, 'dossiers:submit', NOW);
    await expect(again.accept(async () => 'twice')).rejects.toMatchObject({ kind: 'replayed' });
  });
});

describe('the spellings of a path API Gateway decoded', () => {
  it('a path of unreserved characters has one spelling, itself', () => {
    expect(pathSpellings('/integrations/v1/dossiers/000.00.01.H19-261201-0001')).toEqual([
      '/integrations/v1/dossiers/000.00.01.H19-261201-0001',
    ]);
  });

  it('escapes what cannot stand in a path as UTF-8 bytes in upper-case hex, two digits each', () => {
    expect(pathSpellings('/a b/Hòa')).toEqual(['/a%20b/H%C3%B2a']);
    expect(pathSpellings('/tab\there')).toEqual(['/tab%09here']);
    // A character outside the BMP is one character, four bytes: not two halves of it.
    expect(pathSpellings('/😀')).toEqual(['/%F0%9F%98%80']);
    // A `%` that starts no escape is itself escaped.
    expect(pathSpellings('/100%')).toEqual(['/100%25']);
    expect(pathSpellings('/100%zz')).toEqual(['/100%25zz']);
  });

  it('keeps the sub-delimiters a path may hold literally, and offers them escaped as well', () => {
    expect(pathSpellings("/x/a:b@c!$&'()*+,;=~")).toEqual([
      "/x/a:b@c!$&'()*+,;=~",
      "/x/a%3Ab%40c!%24%26'()*%2B%2C%3B%3D~",
    ]);
  });

  it('keeps an escape as it came first, then re-encoded by segment, then wholly re-encoded', () => {
    expect(pathSpellings('/x/a%2fb')).toEqual(['/x/a%2fb', '/x/a%2Fb', '/x/a%252fb']);
    expect(pathSpellings('/x/a?b#c')).toEqual(['/x/a%3Fb%23c', '/x/a?b#c']);
  });
});
