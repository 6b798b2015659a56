import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { COGNITO_CLAIMS } from '../../shared/config/province.ts';
import { DomainError, type ErrorKind, notFound, staleVersion } from '../../shared/domain/errors.ts';
import { ENV } from '../../shared/env.ts';
import { httpHandler, MAX_JSON_BODY_BYTES } from '../../shared/http/handler.ts';
import { preferredLanguage } from '../../shared/http/language.ts';
import { etag, idempotencyKey, ifMatchVersion } from '../../shared/http/preconditions.ts';
import { PROBLEM_TYPES } from '../../shared/http/problem.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';
import { logger } from '../../shared/observability.ts';

// The failures these tests provoke are logged as errors; they are expected here.
logger.setLogLevel('CRITICAL');

/** An HTTP API (payload 2.0) event as API Gateway builds it, for a route of tests. */
function event(
  init: {
    path?: Record<string, string>;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
    base64?: boolean;
    claims?: Record<string, string>;
  } = {},
) {
  return {
    version: '2.0',
    routeKey: 'POST /things/{id}',
    rawPath: '/things/x',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...init.headers },
    pathParameters: init.path ?? { id: 'a1' },
    ...(init.query ? { queryStringParameters: init.query } : {}),
    ...(init.body === undefined ? {} : { body: init.body, isBase64Encoded: init.base64 ?? false }),
    requestContext: {
      requestId: 'request-1',
      http: { method: 'POST', path: '/things/x', sourceIp: '203.0.113.9' },
      ...(init.claims ? { authorizer: { jwt: { claims: init.claims } } } : {}),
    },
  } as never;
}

const context = { functionName: 'test', awsRequestId: 'request-1' } as Context;

const Thing = z.object({ id: z.string(), name: z.string(), q: z.string().optional(), language: z.string() });

const spec = (http: Partial<NonNullable<FunctionSpec['http']>> = {}, localOnly = false) =>
  ({
    entry: 'test',
    description: 'a route of tests',
    memoryMb: 128,
    timeoutSeconds: 3,
    ...(localOnly ? { localOnly: true as const } : {}),
    http: {
      method: 'POST',
      path: '/things/{id}',
      access: 'public',
      summary: 'a thing',
      tag: 'Test',
      request: {
        params: z.strictObject({ id: z.string().max(5) }),
        query: z.strictObject({ q: z.string().max(3).optional() }),
        body: z.strictObject({ name: z.string().min(1) }),
      },
      response: { status: 201, description: 'the thing', body: Thing },
      ...http,
    },
    uses: {},
  }) as FunctionSpec & { http: NonNullable<FunctionSpec['http']> };

/** A handler that echoes what the kit parsed, with one field its schema does not declare. */
const echo = (route = spec()) =>
  httpHandler(route, async ({ params, query, body, language }) => ({
    body: {
      id: (params as { id: string }).id,
      name: (body as { name: string } | undefined)?.name ?? '',
      q: (query as { q?: string }).q,
      language,
      internal: 'never sent',
    },
  }));

async function call(handler: ReturnType<typeof echo>, init: Parameters<typeof event>[0]) {
  const result = (await handler(event(init), context)) as APIGatewayProxyStructuredResultV2;
  return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
}

const json = (value: unknown) => JSON.stringify(value);

describe('the HTTP kit answers a valid request', () => {
  it('with the route’s status, as JSON, not sniffable, through its schema', async () => {
    const answer = await call(echo(), { body: json({ name: 'Hà' }), query: { q: 'abc' } });
    expect(answer.statusCode).toBe(201);
    expect(answer.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'x-content-type-options': 'nosniff',
    });
    expect(answer.json).toEqual({ id: 'a1', name: 'Hà', q: 'abc', language: 'vi' });
  });

  it('reads every text of the input in NFC, names and values alike, and a base64 body', async () => {
    const decomposed = 'Hòa'.normalize('NFD');
    const answer = await call(echo(), {
      body: Buffer.from(json({ name: decomposed })).toString('base64'),
      base64: true,
      path: { id: decomposed },
    });
    expect(answer.json).toMatchObject({ id: 'Hòa'.normalize('NFC'), name: 'Hòa'.normalize('NFC') });
    const keyed = await call(
      httpHandler(spec({ request: { body: z.strictObject({ Hòa: z.string() }) } }), async ({ body }) => ({
        body: { id: 'x', name: Object.keys(body as object).join(), language: 'vi' },
      })),
      { body: json({ [decomposed]: decomposed }) },
    );
    expect(keyed.json.name).toBe('Hòa'.normalize('NFC'));
  });

  it('takes any JSON media type (+json), the body of the most bytes allowed, and the reply’s own status', async () => {
    expect(
      (
        await call(echo(), {
          body: json({ name: 'a' }),
          headers: { 'content-type': 'application/merge-patch+json; charset=utf-8' },
        })
      ).statusCode,
    ).toBe(201);
    const full = json({ name: 'x'.repeat(MAX_JSON_BODY_BYTES - 11) });
    expect(Buffer.byteLength(full)).toBe(MAX_JSON_BODY_BYTES);
    expect((await call(echo(), { body: full })).statusCode).toBe(201);
    const accepted = httpHandler(spec(), async () => ({
      status: 202,
      body: { id: 'a', name: 'b', language: 'vi' },
    }));
    expect((await call(accepted, { body: json({ name: 'a' }) })).statusCode).toBe(202);
  });

  it('sends a raw reply as it is, with its own headers and no JSON type', async () => {
    const page = httpHandler(spec(), async () => ({
      raw: '<p>x</p>',
      headers: { 'content-type': 'text/html' },
    }));
    const answer = (await page(
      event({ body: json({ name: 'a' }) }),
      context,
    )) as APIGatewayProxyStructuredResultV2;
    expect(answer).toEqual({
      statusCode: 201,
      headers: { 'x-content-type-options': 'nosniff', 'content-type': 'text/html' },
      body: '<p>x</p>',
    });
  });

  it('sends no body for a reply without one, and the local tools’ routes unserialized', async () => {
    const empty = httpHandler(spec(), async () => ({ status: 204 }));
    const answer = (await empty(
      event({ body: json({ name: 'a' }) }),
      context,
    )) as APIGatewayProxyStructuredResultV2;
    expect(answer.statusCode).toBe(204);
    expect(answer.body).toBeUndefined();
    const tool = await call(echo(spec({}, true)), { body: json({ name: 'a' }) });
    expect(tool.json.internal).toBe('never sent');
  });
});

describe('the HTTP kit refuses bad input with a problem, in the caller’s language', () => {
  const problem = (answer: Awaited<ReturnType<typeof call>>, kind: ErrorKind) => {
    expect(answer.statusCode).toBe(PROBLEM_TYPES[kind].status);
    expect(answer.headers?.['content-type']).toBe('application/problem+json');
    expect(answer.json).toMatchObject({
      type: `urn:motcua:problem:${kind}`,
      status: PROBLEM_TYPES[kind].status,
      instance: 'request-1',
    });
    return answer.json;
  };

  it('names the failing field of the path, the query and the body', async () => {
    const path = problem(
      await call(echo(), { path: { id: 'too-long' }, body: json({ name: 'a' }) }),
      'validation-failed',
    );
    expect(path.errors.map((error: { path: string }) => error.path)).toEqual(['params.id']);
    expect(path.detail).toBe('Phần tham số đường dẫn của yêu cầu không hợp lệ.');
    const query = problem(
      await call(echo(), { query: { other: '1' }, body: json({ name: 'a' }) }),
      'validation-failed',
    );
    expect(query.detail).toBe('Phần tham số truy vấn của yêu cầu không hợp lệ.');
    const body = problem(
      await call(echo(), { body: json({ name: '' }), headers: { 'accept-language': 'en' } }),
      'validation-failed',
    );
    expect(body).toMatchObject({
      title: 'Invalid input',
      detail: 'The request body does not match the schema.',
    });
    expect(body.errors[0]).toMatchObject({ path: 'body.name' });
    expect(body.errors[0].message).toMatch(/too small|>=\s*1/i);
  });

  it('refuses a query on a route that reads none', async () => {
    const quiet = httpHandler(
      spec({ request: { body: z.strictObject({ name: z.string() }) } }),
      async () => ({
        body: { id: 'a', name: 'b', language: 'vi' },
      }),
    );
    expect((await call(quiet, { body: json({ name: 'a' }) })).statusCode).toBe(201);
    problem(await call(quiet, { body: json({ name: 'a' }), query: { q: '1' } }), 'validation-failed');
  });

  it('refuses a body that is not JSON, too large, or malformed', async () => {
    problem(
      await call(echo(), { body: json({ name: 'a' }), headers: { 'content-type': 'text/plain' } }),
      'unsupported-media-type',
    );
    problem(
      await call(echo(), { body: json({ name: 'a' }), headers: { 'content-type': '' } }),
      'unsupported-media-type',
    );
    const over = json({ name: 'x'.repeat(MAX_JSON_BODY_BYTES - 10) });
    problem(await call(echo(), { body: over }), 'payload-too-large');
    const broken = problem(await call(echo(), { body: '{"name":' }), 'malformed-json');
    expect(broken.detail).toBe('Nội dung không phải JSON hợp lệ.');
  });

  it('keeps numbers, booleans, nulls and lists of the body as they are, and refuses a lone surrogate', async () => {
    const shapes = spec({
      request: {
        body: z.strictObject({ n: z.number(), ok: z.boolean(), none: z.null(), list: z.array(z.string()) }),
      },
    });
    const handler = httpHandler(shapes, async ({ body }) => ({
      body: { id: 'x', name: JSON.stringify(body), language: 'vi' },
    }));
    const given = { n: 5, ok: true, none: null, list: ['Hòa'.normalize('NFD'), 'b'] };
    const answer = await call(handler, { body: json(given) });
    expect(JSON.parse(answer.json.name)).toEqual({ ...given, list: ['Hòa'.normalize('NFC'), 'b'] });
    problem(await call(echo(), { body: '{"name":"\\ud800"}' }), 'malformed-json');
  });

  it('refuses a body without a media type, and a tagged body that is no object', async () => {
    problem(
      await call(echo(), { body: json({ name: 'a' }), headers: { 'content-type': undefined as never } }),
      'unsupported-media-type',
    );
    const tagged = spec({
      request: {
        params: z.strictObject({ id: z.string() }),
        body: z.strictObject({ id: z.string() }),
        bodyTaggedBy: 'id',
      },
    });
    const handler = httpHandler(tagged, async () => ({ body: { id: 'x', name: 'y', language: 'vi' } }));
    for (const body of ['null', '"text"', '3']) problem(await call(handler, { body }), 'validation-failed');
  });

  it('refuses a body that repeats the path parameter tagging it, and gives it the path’s value', async () => {
    const tagged = spec({
      request: {
        params: z.strictObject({ id: z.string() }),
        body: z.strictObject({ id: z.string(), name: z.string() }),
        bodyTaggedBy: 'id',
      },
    });
    const handler = httpHandler(tagged, async ({ body }) => ({
      body: { ...(body as object), language: 'vi' },
    }));
    const given = await call(handler, { body: json({ name: 'a' }), path: { id: 'from-path' } });
    expect(given.json).toMatchObject({ id: 'from-path', name: 'a' });
    const repeated = problem(
      await call(handler, { body: json({ id: 'x', name: 'a' }) }),
      'validation-failed',
    );
    expect(repeated.errors).toEqual([
      expect.objectContaining({ path: 'body.id', code: 'unrecognized_keys' }),
    ]);
    problem(await call(handler, { body: json(['not', 'an', 'object']) }), 'validation-failed');
  });

  it('asks for a token, then for one of the route’s roles', async () => {
    // As both runtimes give it to every HTTP function.
    process.env[ENV.identityClaims] = JSON.stringify(COGNITO_CLAIMS);
    const guarded = echo(spec({ access: ['admin', 'citizen'] }));
    const missing = problem(await call(guarded, { body: json({ name: 'a' }) }), 'unauthenticated');
    expect(missing.detail).toBe('Cần mã truy cập hợp lệ.');
    const claims = { sub: 'u1', 'cognito:groups': '[officer]' };
    const refused = problem(
      await call(guarded, { body: json({ name: 'a' }), claims, headers: { 'accept-language': 'en' } }),
      'forbidden',
    );
    expect(refused.detail).toBe('This action needs one of the roles: admin, citizen.');
    // One role of the route is enough, whatever else the token holds.
    const both = await call(guarded, {
      body: json({ name: 'a' }),
      claims: { sub: 'u2', 'cognito:groups': '[officer citizen]' },
    });
    expect(both.statusCode).toBe(201);
    const citizen = await call(guarded, {
      body: json({ name: 'a' }),
      claims: { sub: 'u1', 'cognito:groups': '[citizen]' },
    });
    expect(citizen.statusCode).toBe(201);
  });
});

describe('the HTTP kit maps every failure of the work to one problem', () => {
  const failing = (error: Error) => httpHandler(spec(), async () => Promise.reject(error));

  it('a domain error to its problem type, with Retry-After when it says when to retry', async () => {
    const gone = await call(failing(notFound({ vi: 'Không có.', en: 'None.' })), {
      body: json({ name: 'a' }),
    });
    expect(gone.statusCode).toBe(404);
    expect(gone.headers?.['retry-after']).toBeUndefined();
    const busy = new DomainError('idempotency-in-progress', { vi: 'Đang xử lý.', en: 'Busy.' }, [], 2.4);
    const later = await call(failing(busy), {
      body: json({ name: 'a' }),
      headers: { 'accept-language': 'en' },
    });
    expect(later).toMatchObject({
      statusCode: 409,
      headers: { 'retry-after': '3', 'content-language': 'en' },
    });
    expect(later.json).toMatchObject({ title: 'Request still in progress', detail: 'Busy.' });
    const limited = new DomainError('too-many-requests', { vi: 'Chậm lại.', en: 'Slow down.' });
    const throttled = await call(failing(limited), { body: json({ name: 'a' }) });
    expect(throttled).toMatchObject({
      statusCode: 429,
      headers: { 'retry-after': '1', 'x-content-type-options': 'nosniff' },
    });
    const stale = await call(failing(staleVersion()), { body: json({ name: 'a' }) });
    expect(stale.json.title).toBe('Dữ liệu đã thay đổi');
  });

  it('anything else to 500 internal, without its message or stack', async () => {
    const answer = await call(failing(new Error('secret detail at file.ts:12')), {
      body: json({ name: 'a' }),
    });
    expect(answer.statusCode).toBe(500);
    expect(answer.json).toEqual({
      type: 'urn:motcua:problem:internal',
      title: 'Lỗi hệ thống',
      status: 500,
      detail: 'Không thể hoàn tất yêu cầu.',
      instance: 'request-1',
    });
  });

  it('an answer that breaks its own schema to 500, never sent as it is', async () => {
    const wrong = httpHandler(spec(), async () => ({ body: { id: 1 } }));
    const answer = await call(wrong, { body: json({ name: 'a' }) });
    expect(answer.statusCode).toBe(500);
    expect(answer.body).not.toContain('"id":1');
  });
});

describe('every problem type', () => {
  it('has a status of its class and a title in Vietnamese and in English, each its own', () => {
    const kinds = Object.entries(PROBLEM_TYPES);
    // The server's own failures: its bug, or a dependency it could not reach (retry later).
    const serverSide = ['internal', 'temporarily-unavailable'];
    for (const [kind, type] of kinds) {
      expect(type.status, kind).toBeGreaterThanOrEqual(serverSide.includes(kind) ? 500 : 400);
      expect(type.status, kind).toBeLessThan(serverSide.includes(kind) ? 600 : 500);
      expect(type.title.vi.length, kind).toBeGreaterThan(3);
      expect(type.title.en.length, kind).toBeGreaterThan(3);
      expect(type.title.vi, kind).not.toBe(type.title.en);
    }
    const titles = kinds.flatMap(([, type]) => [type.title.vi, type.title.en]);
    expect(new Set(titles).size).toBe(titles.length);
  });
});

describe('the headers the kit reads', () => {
  it.each([
    ['en;q=0', 'vi'],
    ['vi;q=0.5, en;q=0.8', 'en'],
    ['EN-GB', 'en'],
    ['  en-US ;q=0.4', 'en'],
    ['en;q=abc', 'vi'],
    ['fr, en-GB;q=0.2', 'en'],
    ['de-DE-xen', 'vi'],
    ['en; q=0, vi;q=0.1', 'vi'],
    ['en;level=1;q=0.5, vi;q=0.4', 'en'],
    ['vi-VN;q=0.9, en;q=0.5', 'vi'],
  ])('Accept-Language %s → %s', (header, language) => {
    expect(preferredLanguage(header)).toBe(language);
  });

  it('takes If-Match as the whole version, quoted, weak or bare, and nothing around it', () => {
    expect([ifMatchVersion('"3"'), ifMatchVersion('W/"12"'), ifMatchVersion(' 7 ')]).toEqual([3, 12, 7]);
    expect(ifMatchVersion(undefined)).toBeUndefined();
    expect(() => ifMatchVersion('x')).toThrow(
      expect.objectContaining({
        detail: {
          vi: 'If-Match phải mang phiên bản đã đọc của tài nguyên, ví dụ "3".',
          en: 'If-Match must carry the version the resource was read at, e.g. "3".',
        },
        issues: [
          expect.objectContaining({
            message: { vi: 'cần một phiên bản, ví dụ "3"', en: 'expected a version such as "3"' },
          }),
        ],
      }),
    );
    for (const header of ['"3"x', 'x"3"', '"3", "4"', '*', '"1234567890"'])
      expect(() => ifMatchVersion(header), header).toThrow(
        expect.objectContaining({
          kind: 'validation-failed',
          issues: [expect.objectContaining({ path: 'headers.if-match', code: 'invalid_format' })],
        }),
      );
    expect(etag(5)).toBe('"5"');
    // Nine digits are still a version; ten are not (above).
    expect(ifMatchVersion('"123456789"')).toBe(123456789);
  });

  it('takes an Idempotency-Key of 8 to 128 URL-safe characters, and says which was wrong', () => {
    for (const key of ['abcd-123', 'a'.repeat(128), 'A_b.c:d-9']) expect(idempotencyKey(key), key).toBe(key);
    const refusal = (header: string | undefined) => {
      try {
        idempotencyKey(header);
      } catch (error) {
        return (error as DomainError).issues[0];
      }
      return undefined;
    };
    expect(refusal(undefined)).toEqual({
      path: 'headers.idempotency-key',
      code: 'required',
      message: {
        vi: 'cần 8–128 ký tự chữ, số hoặc - _ . :',
        en: 'expected 8–128 letters, digits or - _ . :',
      },
    });
    expect(() => idempotencyKey(undefined)).toThrow('Send a valid Idempotency-Key header, e.g. a UUID.');
    for (const key of ['abc-123', 'a'.repeat(129), 'with space', 'ké-y-12345', 'x/12345678', '12345678\n'])
      expect(refusal(key), key).toMatchObject({ path: 'headers.idempotency-key', code: 'invalid_format' });
  });
});

describe('the HTTP kit reads the request as the route declares it', () => {
  it('reads the query in NFC as well', async () => {
    const route = spec({
      request: { query: z.strictObject({ q: z.string() }), body: z.strictObject({ name: z.string() }) },
    });
    const handler = httpHandler(route, async ({ query }) => ({
      body: { id: 'x', name: (query as { q: string }).q, language: 'vi' },
    }));
    const answer = await call(handler, { body: json({ name: 'a' }), query: { q: 'Hòa'.normalize('NFD') } });
    expect(answer.json.name).toBe('Hòa'.normalize('NFC'));
  });

  it('gives nothing for the parts a route does not read: no params, no query, no body', async () => {
    const bare = spec({ request: {} });
    const handler = httpHandler(bare, async ({ params, query, body }) => ({
      body: { id: 'x', name: JSON.stringify([params, query, body]), language: 'vi' },
    }));
    const answer = await call(handler, {
      body: json({ ignored: true }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.json.name).toBe('[null,null,null]');
  });

  it('takes the media type in any case, with parameters and spaces', async () => {
    const answer = await call(echo(), {
      body: json({ name: 'a' }),
      headers: { 'content-type': ' Application/JSON ; charset=utf-8' },
    });
    expect(answer.statusCode).toBe(201);
  });

  it('explains a refused field in the caller’s language', async () => {
    const vietnamese = await call(echo(), { body: json({ name: '' }) });
    expect(vietnamese.json.errors[0].message).toMatch(/^Quá nhỏ/);
    const english = await call(echo(), { body: json({ name: '' }), headers: { 'accept-language': 'en' } });
    expect(english.json.errors[0].message).toMatch(/^Too small/);
  });

  it('refuses a body field that repeats the path’s, saying so in the caller’s language', async () => {
    const tagged = spec({
      request: {
        params: z.strictObject({ id: z.string() }),
        body: z.strictObject({ id: z.string(), name: z.string() }),
        bodyTaggedBy: 'id',
      },
    });
    const handler = httpHandler(tagged, async () => ({ body: { id: 'x', name: 'y', language: 'vi' } }));
    const answer = await call(handler, {
      body: json({ id: 'x', name: 'a' }),
      headers: { 'accept-language': 'en' },
    });
    expect(answer.json).toMatchObject({
      detail: 'Do not send "id" in the body.',
      errors: [{ path: 'body.id', code: 'unrecognized_keys', message: 'given by the path, not the body' }],
    });
  });
});

describe('the HTTP kit’s answer', () => {
  it('carries the reply’s own headers beside the JSON type, and lets them name another', async () => {
    const tagged = httpHandler(spec(), async () => ({
      body: { id: 'a', name: 'b', language: 'vi' },
      headers: { etag: '"4"' },
    }));
    const answer = await call(tagged, { body: json({ name: 'a' }) });
    expect(answer.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'x-content-type-options': 'nosniff',
      etag: '"4"',
    });
    const typed = httpHandler(spec(), async () => ({
      body: { id: 'a', name: 'b', language: 'vi' },
      headers: { 'content-type': 'application/vnd.motcua+json' },
    }));
    expect((await call(typed, { body: json({ name: 'a' }) })).headers?.['content-type']).toBe(
      'application/vnd.motcua+json',
    );
  });

  it('logs a dependency’s failure as a warning with its cause, and anything else as an error', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    try {
      const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      await call(
        httpHandler(spec(), async () => Promise.reject(throttled)),
        { body: json({ name: 'a' }) },
      );
      expect(warn).toHaveBeenCalledWith('dependency unavailable', {
        cause: 'ThrottlingException: throttled',
        error: throttled,
        routeKey: 'POST /things/{id}',
        requestId: 'request-1',
      });
      expect(error).not.toHaveBeenCalled();
      const bug = new Error('a bug');
      await call(
        httpHandler(spec(), async () => Promise.reject(bug)),
        { body: json({ name: 'a' }) },
      );
      expect(error).toHaveBeenCalledWith('unhandled error', {
        error: bug,
        routeKey: 'POST /things/{id}',
        requestId: 'request-1',
      });
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});

describe('the HTTP kit explains each refusal in both languages', () => {
  const detail = async (
    handler: ReturnType<typeof echo>,
    init: NonNullable<Parameters<typeof event>[0]>,
  ): Promise<{ vi: string; en: string }> => {
    const vietnamese = await call(handler, init);
    const english = await call(handler, { ...init, headers: { ...init.headers, 'accept-language': 'en' } });
    return { vi: vietnamese.json.detail, en: english.json.detail };
  };

  it('a body not sent as JSON, too large or malformed', async () => {
    expect(
      await detail(echo(), { body: json({ name: 'a' }), headers: { 'content-type': 'text/plain' } }),
    ).toEqual({
      vi: 'Hãy gửi nội dung dạng application/json.',
      en: 'Send the body as application/json.',
    });
    expect(await detail(echo(), { body: json({ name: 'x'.repeat(MAX_JSON_BODY_BYTES) }) })).toEqual({
      vi: `Nội dung JSON tối đa ${MAX_JSON_BODY_BYTES} byte.`,
      en: `A JSON body may hold at most ${MAX_JSON_BODY_BYTES} bytes.`,
    });
    expect(await detail(echo(), { body: '{' })).toEqual({
      vi: 'Nội dung không phải JSON hợp lệ.',
      en: 'The body is not valid JSON.',
    });
  });

  it('a missing token, a missing role', async () => {
    process.env[ENV.identityClaims] = JSON.stringify(COGNITO_CLAIMS);
    const guarded = echo(spec({ access: ['admin', 'leader'] }));
    expect(await detail(guarded, { body: json({ name: 'a' }) })).toEqual({
      vi: 'Cần mã truy cập hợp lệ.',
      en: 'A valid bearer token is required.',
    });
    expect(
      await detail(guarded, {
        body: json({ name: 'a' }),
        claims: { sub: 'u1', 'cognito:groups': '[citizen]' },
      }),
    ).toEqual({
      vi: 'Thao tác này cần một trong các vai trò: admin, leader.',
      en: 'This action needs one of the roles: admin, leader.',
    });
  });

  it('a body field that the path gives', async () => {
    const tagged = spec({
      request: {
        params: z.strictObject({ id: z.string() }),
        body: z.strictObject({ id: z.string(), name: z.string() }),
        bodyTaggedBy: 'id',
      },
    });
    const handler = httpHandler(tagged, async () => ({ body: { id: 'x', name: 'y', language: 'vi' } }));
    const answer = await call(handler, { body: json({ id: 'x', name: 'a' }) });
    expect(answer.json).toMatchObject({
      detail: 'Không gửi "id" trong nội dung.',
      errors: [{ path: 'body.id', message: 'đã có trong đường dẫn' }],
    });
  });

  it('a failure of its own, without saying what', async () => {
    const failing = httpHandler(spec(), async () => Promise.reject(new Error('secret')));
    expect(await detail(failing, { body: json({ name: 'a' }) })).toEqual({
      vi: 'Không thể hoàn tất yêu cầu.',
      en: 'The request could not be completed.',
    });
  });

  it('a missing Idempotency-Key', () => {
    expect(() => idempotencyKey(undefined)).toThrow(
      expect.objectContaining({
        detail: {
          vi: 'Cần tiêu đề Idempotency-Key hợp lệ, ví dụ một UUID.',
          en: 'Send a valid Idempotency-Key header, e.g. a UUID.',
        },
      }),
    );
  });
});

describe('the HTTP kit takes an event with less in it', () => {
  /** An event of a GET without headers, path parameters or authorizer, as a bare test client sends. */
  const bare = (patch: Record<string, unknown> = {}) =>
    ({
      version: '2.0',
      routeKey: 'GET /things',
      rawPath: '/things',
      rawQueryString: '',
      requestContext: {
        requestId: 'request-2',
        http: { method: 'GET', path: '/things', sourceIp: '203.0.113.9' },
      },
      ...patch,
    }) as never;
  const listing = (request: Partial<NonNullable<FunctionSpec['http']>['request']> | undefined) =>
    spec({ method: 'GET', path: '/things', ...(request ? { request } : { request: undefined }) });

  it('without headers or path parameters: Vietnamese, and no dossier named in the logs', async () => {
    const appended = vi.spyOn(logger, 'appendKeys');
    try {
      const handler = httpHandler(listing(undefined), async ({ language, params }) => ({
        body: { id: String(params), name: 'list', language },
      }));
      const answer = (await handler(bare(), context)) as APIGatewayProxyStructuredResultV2;
      expect(answer.statusCode).toBe(201);
      expect(JSON.parse(answer.body!)).toEqual({ id: 'undefined', name: 'list', language: 'vi' });
      expect(appended.mock.calls.some(([keys]) => 'dossier' in keys)).toBe(false);
    } finally {
      appended.mockRestore();
    }
  });

  it('without headers on a route that reads a body: refused as not JSON, in Vietnamese', async () => {
    const answer = (await echo()(
      bare({ body: json({ name: 'a' }), pathParameters: { id: 'a1' } }),
      context,
    )) as APIGatewayProxyStructuredResultV2;
    expect(answer.statusCode).toBe(415);
    expect(answer.headers?.['content-language']).toBe('vi');
  });

  it('with an authorizer that passed no token: nobody', async () => {
    const handler = httpHandler(listing(undefined), async ({ principal }) => ({
      body: { id: String(principal), name: 'x', language: 'vi' },
    }));
    const answer = (await handler(
      bare({
        requestContext: { requestId: 'r', authorizer: {}, http: { method: 'GET', sourceIp: '203.0.113.9' } },
      }),
      context,
    )) as APIGatewayProxyStructuredResultV2;
    expect(JSON.parse(answer.body!).id).toBe('undefined');
  });

  it('with a base64 flag and no body: an empty body', async () => {
    const handler = httpHandler(listing(undefined), async ({ rawBody }) => ({
      body: { id: `[${rawBody}]`, name: 'x', language: 'vi' },
    }));
    const answer = (await handler(
      bare({ isBase64Encoded: true }),
      context,
    )) as APIGatewayProxyStructuredResultV2;
    expect(JSON.parse(answer.body!).id).toBe('[]');
  });

  it('without even a request context: a problem without an instance, never a crash', async () => {
    const handler = httpHandler(listing(undefined), async () => ({
      body: { id: 'x', name: 'x', language: 'vi' },
    }));
    const answer = (await handler(
      { version: '2.0', headers: {} } as never,
      context,
    )) as APIGatewayProxyStructuredResultV2;
    expect(answer.statusCode).toBe(500);
    expect(JSON.parse(answer.body!)).not.toHaveProperty('instance');
  });
});
