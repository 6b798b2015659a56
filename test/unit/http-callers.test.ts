import { generateKeyPairSync } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { COGNITO_CLAIMS } from '../../shared/config/province.ts';
import type { Unit } from '../../shared/domain/catalog.ts';
import { ENV } from '../../shared/env.ts';
import { type HttpRequest, httpHandler } from '../../shared/http/handler.ts';
import { signRequest } from '../../shared/http/signatures.ts';
import type { FunctionSpec, HttpRoute } from '../../shared/manifest-types.ts';
import { logger } from '../../shared/observability.ts';

/** The catalog's units and the integrators' registry, in memory: what the kit reads of them. */
const store = vi.hoisted(() => ({
  units: new Map<string, unknown>(),
  unitLookups: [] as string[],
  keys: new Map<string, unknown>(),
  nonces: new Set<string>(),
}));

vi.mock('../../shared/persistence/catalog.ts', () => ({
  recentUnit: async (code: string) => {
    store.unitLookups.push(code);
    return store.units.get(code);
  },
}));

vi.mock('../../shared/persistence/integrators.ts', () => ({
  activeKey: async (keyid: string) => store.keys.get(keyid),
  claimNonce: async (keyid: string, nonce: string) => {
    if (store.nonces.has(`${keyid}#${nonce}`)) return false;
    store.nonces.add(`${keyid}#${nonce}`);
    return true;
  },
  releaseNonce: async (keyid: string, nonce: string) => {
    store.nonces.delete(`${keyid}#${nonce}`);
  },
}));

vi.mock('../../shared/persistence/rate-limits.ts', () => ({
  hit: async () => ({ hits: 1, resetsIn: 60 }),
}));

// Refused signatures are counted; the count is not what these tests look at.
vi.mock('../../shared/observability.ts', async (original) => ({
  ...(await original<typeof import('../../shared/observability.ts')>()),
  count: () => undefined,
}));

// The failures these tests provoke are logged; they are expected here.
logger.setLogLevel('CRITICAL');

const UNIT = '000.00.01.H19';
const unit = (patch: Partial<Unit> = {}): Unit =>
  ({ code: UNIT, name: 'UBND phường', kind: 'ward', ...patch }) as Unit;

beforeEach(() => {
  process.env[ENV.identityClaims] = JSON.stringify(COGNITO_CLAIMS);
  store.units.clear();
  store.unitLookups.length = 0;
  store.keys.clear();
  store.nonces.clear();
});

afterEach(() => {
  delete process.env.MOTCUA_SIGNED_ROUTE;
});

const context = { functionName: 'test', awsRequestId: 'request-1' } as Context;

const Seen = z.looseObject({});

const spec = (http: Partial<HttpRoute>) =>
  ({
    entry: 'test',
    description: 'a route of tests',
    memoryMb: 128,
    timeoutSeconds: 3,
    http: {
      method: 'POST',
      path: '/things/{code}',
      access: 'public',
      summary: 'a thing',
      tag: 'Test',
      request: { params: z.strictObject({ code: z.string() }) },
      response: { status: 200, description: 'what the handler saw', body: Seen },
      ...http,
    },
    uses: {},
  }) as FunctionSpec & { http: HttpRoute };

/** A handler that answers with what the kit gave it. */
const seeing = (http: Partial<HttpRoute>) =>
  httpHandler(spec(http), async (request: HttpRequest<HttpRoute>) => ({
    body: {
      principal: request.principal ?? null,
      integrator: (request.integrator as { id: string } | undefined)?.id ?? null,
      rawBody: request.rawBody,
      requestId: request.requestId,
      sourceIp: request.sourceIp,
      language: request.language,
    },
  }));

function event(
  init: {
    claims?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
    base64?: boolean;
    rawPath?: string;
  } = {},
) {
  const rawPath = init.rawPath ?? '/things/000.00.01.H19-261201-0001';
  return {
    version: '2.0',
    routeKey: 'POST /things/{code}',
    rawPath,
    rawQueryString: '',
    headers: { ...init.headers },
    pathParameters: { code: '000.00.01.H19-261201-0001' },
    ...(init.body === undefined ? {} : { body: init.body, isBase64Encoded: init.base64 ?? false }),
    requestContext: {
      requestId: 'request-7',
      domainName: 'api.example.gov.vn',
      http: { method: 'POST', path: rawPath, sourceIp: '203.0.113.9' },
      ...(init.claims ? { authorizer: { jwt: { claims: init.claims } } } : {}),
    },
  } as never;
}

async function call(handler: ReturnType<typeof seeing>, init: Parameters<typeof event>[0]) {
  const result = (await handler(event(init), context)) as APIGatewayProxyStructuredResultV2;
  return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
}

const officer = (unitClaim?: string) => ({
  sub: 'officer-1',
  'cognito:groups': '[officer]',
  ...(unitClaim ? { 'custom:unit': unitClaim } : {}),
});

describe('an officer acts for the unit the token names', () => {
  const guarded = () => seeing({ access: ['officer'] });

  it('when it is an open unit of this deployment: the request carries the unit', async () => {
    store.units.set(UNIT, unit());
    const answer = await call(guarded(), { claims: officer(UNIT) });
    expect(answer.statusCode).toBe(200);
    expect(answer.json.principal).toEqual({
      sub: 'officer-1',
      roles: ['officer'],
      unit: UNIT,
      verifiedContacts: {},
    });
    expect(store.unitLookups).toEqual([UNIT]);
  });

  it('and is refused, saying why, when the token names none, an unknown, a closed or an outside unit', async () => {
    store.units.set('000.00.02.H19', unit({ code: '000.00.02.H19', disabled: true }));
    store.units.set('000.00.03.G12', unit({ code: '000.00.03.G12', external: true }));
    const refused = async (unitClaim?: string) => {
      const answer = await call(guarded(), {
        claims: officer(unitClaim),
        headers: { 'accept-language': 'en' },
      });
      expect(answer.statusCode, unitClaim).toBe(403);
      expect(answer.json.type, unitClaim).toBe('urn:motcua:problem:officer-unit-refused');
      return answer.json.detail;
    };
    expect(await refused()).toBe("The officer's unit is not accepted: the token names no unit.");
    expect(await refused('000.00.09.H19')).toBe(
      "The officer's unit is not accepted: there is no unit 000.00.09.H19.",
    );
    expect(await refused('000.00.02.H19')).toBe(
      "The officer's unit is not accepted: unit 000.00.02.H19 is closed.",
    );
    expect(await refused('000.00.03.G12')).toBe(
      "The officer's unit is not accepted: unit 000.00.03.G12 is outside this deployment.",
    );
    // A token without a unit is refused without a look in the catalog.
    expect(store.unitLookups).toEqual(['000.00.09.H19', '000.00.02.H19', '000.00.03.G12']);
  });

  it('in Vietnamese unless the caller prefers English', async () => {
    const answer = await call(guarded(), { claims: officer() });
    expect(answer.json.detail).toBe('Không chấp nhận đơn vị của cán bộ: mã truy cập không nêu đơn vị.');
    store.units.set('000.00.02.H19', unit({ code: '000.00.02.H19', disabled: true }));
    const closed = await call(guarded(), { claims: officer('000.00.02.H19') });
    expect(closed.json.detail).toBe(
      'Không chấp nhận đơn vị của cán bộ: đơn vị 000.00.02.H19 đã ngừng hoạt động.',
    );
    const unknown = await call(guarded(), { claims: officer('000.00.09.H19') });
    expect(unknown.json.detail).toBe('Không chấp nhận đơn vị của cán bộ: không có đơn vị 000.00.09.H19.');
    store.units.set('000.00.03.G12', unit({ code: '000.00.03.G12', external: true }));
    const outside = await call(guarded(), { claims: officer('000.00.03.G12') });
    expect(outside.json.detail).toBe(
      'Không chấp nhận đơn vị của cán bộ: đơn vị 000.00.03.G12 nằm ngoài hệ thống này.',
    );
  });

  it('but an administrator acts for no unit: none is looked up, none is carried', async () => {
    const answer = await call(seeing({ access: ['admin'] }), {
      claims: { sub: 'admin-1', 'cognito:groups': '[admin]', 'custom:unit': UNIT },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json.principal).toEqual({ sub: 'admin-1', roles: ['admin'], verifiedContacts: {} });
    expect(store.unitLookups).toEqual([]);
  });
});

describe('a public route', () => {
  it('knows a citizen who sent a token, as a citizen, and nobody else', async () => {
    const route = seeing({ access: 'public' });
    const citizen = await call(route, { claims: { sub: 'c-1', 'cognito:groups': '[citizen officer]' } });
    expect(citizen.json.principal).toEqual({ sub: 'c-1', roles: ['citizen'], verifiedContacts: {} });
    const staff = await call(route, { claims: officer(UNIT) });
    expect(staff.json.principal).toBeNull();
    expect((await call(route, {})).json.principal).toBeNull();
    expect(store.unitLookups).toEqual([]);
  });

  it('hands over the body exactly as received, the request id and the client’s address', async () => {
    const text = '{"a": "Hòa"}';
    const plain = await call(seeing({}), { body: text });
    expect(plain.json).toMatchObject({ rawBody: text, requestId: 'request-7', sourceIp: '203.0.113.9' });
    const encoded = await call(seeing({}), { body: Buffer.from(text).toString('base64'), base64: true });
    expect(encoded.json.rawBody).toBe(text);
    expect((await call(seeing({}), {})).json.rawBody).toBe('');
  });

  it('names the request and the dossier of the path in every log line', async () => {
    const appended = vi.spyOn(logger, 'appendKeys');
    const correlated = vi.spyOn(logger, 'setCorrelationId');
    await call(seeing({}), {});
    expect(correlated).toHaveBeenCalledWith('request-7');
    expect(appended).toHaveBeenCalledWith({ dossier: '000.00.01.H19-261201-0001' });
    appended.mockRestore();
    correlated.mockRestore();
  });
});

describe('a failure of a dependency', () => {
  it('is answered 503 with when to try again, in the caller’s language: nothing was done', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const failing = httpHandler(spec({}), async () => Promise.reject(throttled));
    const answer = await call(failing, { headers: { 'accept-language': 'en' } });
    expect(answer.statusCode).toBe(503);
    expect(answer.headers).toMatchObject({ 'retry-after': '1', 'content-language': 'en' });
    expect(answer.json).toEqual({
      type: 'urn:motcua:problem:temporarily-unavailable',
      title: 'Temporarily unavailable',
      status: 503,
      detail: 'A service the request needs is busy or unreachable; nothing was done: send it again shortly.',
      instance: 'request-7',
    });
    const timedOut = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    const slow = await call(
      httpHandler(spec({}), async () => Promise.reject(timedOut)),
      {},
    );
    expect(slow.headers?.['retry-after']).toBe('2');
    expect(slow.json.detail).toBe(
      'Hệ thống đang quá tải hoặc tạm gián đoạn; yêu cầu chưa được thực hiện, hãy gửi lại sau ít giây.',
    );
  });
});

describe('a route integrators sign', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const route = () => seeing({ access: { integrator: 'dossiers:submit' } });

  function register() {
    store.keys.set('lgsp-2026', {
      integrator: {
        id: 'lgsp',
        name: 'LGSP',
        unit: UNIT,
        scopes: ['dossiers:submit'],
        status: 'active',
        createdAt: '2026-11-01T00:00:00Z',
        version: 1,
      },
      key: { publicKey: publicKey.export({ format: 'jwk' }) },
    });
  }

  async function signedCall(handler: ReturnType<typeof seeing>, nonce: string) {
    const body = '{"MaHoSo":"1"}';
    const headers = await signRequest(
      {
        method: 'POST',
        url: 'https://api.example.gov.vn/things/000.00.01.H19-261201-0001',
        body: Buffer.from(body),
        headers: { 'content-type': 'application/json' },
      },
      { keyid: 'lgsp-2026', privateKey },
      { nonce },
    );
    return call(handler, { headers, body });
  }

  it('holds for a path signed with its escapes as the client wrote them, lower-case hex and all', async () => {
    register();
    // Only the spelling that keeps the client's escapes and its literal `:` matches what was signed;
    // a `%` that starts no escape (`%2x`) was sent escaped.
    const sent = '/things/H%C3%B2a:b%2fc%252x';
    const headers = await signRequest(
      { method: 'GET', url: `https://api.example.gov.vn${sent}` },
      { keyid: 'lgsp-2026', privateKey },
      { nonce: 'nonce-cccc' },
    );
    const signedEvent = {
      ...(event({ headers, rawPath: '/things/Hòa:b%2fc%2x' }) as object),
      requestContext: {
        requestId: 'request-8',
        domainName: 'api.example.gov.vn',
        http: { method: 'GET', path: '/things/Hòa:b%2fc%2x', sourceIp: '203.0.113.9' },
      },
    };
    const answer = (await route()(signedEvent as never, context)) as APIGatewayProxyStructuredResultV2;
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body!).integrator).toBe('lgsp');
  });

  it('hands the work the integrator that signed, and runs it once per nonce', async () => {
    register();
    const first = await signedCall(route(), 'nonce-aaaa');
    expect(first.statusCode).toBe(200);
    expect(first.json.integrator).toBe('lgsp');
    const again = await signedCall(route(), 'nonce-aaaa');
    expect(again.statusCode).toBe(401);
    expect(again.json.type).toBe('urn:motcua:problem:replayed');
  });

  it('refuses a request without a signature before the work runs', async () => {
    register();
    const answer = await call(route(), { body: '{}' });
    expect(answer.json.type).toBe('urn:motcua:problem:signature-missing');
  });

  it('fails, never accepts, in a function bundled for routes that take no signature, and says so in the log', async () => {
    register();
    process.env.MOTCUA_SIGNED_ROUTE = 'false';
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    try {
      const answer = await signedCall(route(), 'nonce-bbbb');
      expect(answer.statusCode).toBe(500);
      expect(store.nonces.size).toBe(0);
      expect(logged).toHaveBeenCalledWith(
        'unhandled error',
        expect.objectContaining({
          error: expect.objectContaining({
            message: 'this function was bundled for a route that takes no signature',
          }),
        }),
      );
    } finally {
      logged.mockRestore();
    }
  });
});
