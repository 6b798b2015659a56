import { describe, expect, it } from 'vitest';
import { readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();

const put = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  api.call('/admin/procedures/1.000894', { method: 'PUT', as: 'admin', headers, body });

async function expectProblem(response: Response, status: number, type: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = await readJson(response);
  expect(body).toMatchObject({ type: `urn:motcua:problem:${type}`, status });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  return body;
}

const validProcedure = {
  name: 'Đăng ký kết hôn',
  field: { code: 'ho-tich', name: 'Hộ tịch' },
  level: 'toan-trinh',
  receivingUnit: '000.02.30.H19',
  handlingUnits: ['000.02.30.H19'],
  processingDays: 0,
  cutoffHour: 15,
  fees: [{ amount: 0 }],
  components: [{ id: 'to-khai', name: 'Tờ khai đăng ký kết hôn', mandatory: true, needsDigitised: true }],
  formFields: [],
};

describe('bad input gets a 4xx problem and changes nothing', () => {
  it('malformed JSON → 400 malformed-json', async () => {
    await expectProblem(await put('{"name": '), 400, 'malformed-json');
    // Valid JSON syntax, but no text: a lone surrogate (RFC 7493).
    await expectProblem(await put('{"name": "Ho\\ud800a"}'), 400, 'malformed-json');
  });

  it('a body that is not JSON → 415', async () => {
    await expectProblem(
      await put('name=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'unsupported-media-type',
    );
    await expectProblem(await put(JSON.stringify(validProcedure), {}), 415, 'unsupported-media-type');
  });

  it('a JSON body over the limit → 413', async () => {
    const huge = JSON.stringify({ ...validProcedure, source: 'x'.repeat(300 * 1024) });
    await expectProblem(await put(huge), 413, 'payload-too-large');
  });

  it('a body over API Gateway’s 10 MB → 413 from the gateway itself', async () => {
    const response = await put('x'.repeat(10 * 1024 * 1024 + 1));
    expect(response.status).toBe(413);
    expect(await readJson(response)).toEqual({ message: 'Request Entity Too Large' });
  });

  it('unknown fields are refused with their path', async () => {
    const body = await expectProblem(
      await put(JSON.stringify({ ...validProcedure, colour: 'red' })),
      400,
      'validation-failed',
    );
    expect(body.errors).toEqual([expect.objectContaining({ path: 'body', code: 'unrecognized_keys' })]);
  });

  it('invalid codes are refused with the failing field paths', async () => {
    const body = await expectProblem(
      await put(JSON.stringify({ ...validProcedure, receivingUnit: '02.30.H19', handlingUnits: ['x'] })),
      400,
      'validation-failed',
    );
    expect(body.errors.map((error: { path: string }) => error.path)).toEqual([
      'body.receivingUnit',
      'body.handlingUnits[0]',
    ]);
    await expectProblem(await api.call('/procedures/abc'), 400, 'validation-failed');
  });

  it('duplicate component ids are refused', async () => {
    const components = [validProcedure.components[0], validProcedure.components[0]];
    const body = await expectProblem(
      await put(JSON.stringify({ ...validProcedure, components })),
      400,
      'validation-failed',
    );
    expect(body.errors[0].path).toBe('body.components[1].id');
  });

  it('bad query parameters → 400', async () => {
    await expectProblem(await api.call('/procedures?limit=0'), 400, 'validation-failed');
    await expectProblem(await api.call('/procedures?limit=abc'), 400, 'validation-failed');
    await expectProblem(await api.call('/procedures?colour=red'), 400, 'validation-failed');
    await expectProblem(await api.call('/procedures?unit=H19'), 400, 'validation-failed');
    await expectProblem(await api.call('/procedures?cursor=not-a-cursor'), 400, 'validation-failed');
    const forged = Buffer.from(JSON.stringify({ pk: 'USER#1', sk: 'PROFILE' })).toString('base64url');
    await expectProblem(await api.call(`/procedures?cursor=${forged}`), 400, 'validation-failed');
  });

  it('a malformed If-Match → 400', async () => {
    const response = await put(JSON.stringify(validProcedure), {
      'content-type': 'application/json',
      'if-match': 'v-one',
    });
    await expectProblem(response, 400, 'validation-failed');
  });

  it('speaks Vietnamese by default and English on request', async () => {
    const vi = await expectProblem(await put('{'), 400, 'malformed-json');
    expect(vi.title).toBe('Nội dung JSON không đọc được');
    expect(vi.detail).toBe('Nội dung không phải JSON hợp lệ.');
    const en = await api.call('/admin/procedures/1.000894', {
      method: 'PUT',
      as: 'admin',
      headers: { 'content-type': 'application/json', 'accept-language': 'en-GB,en;q=0.9,vi;q=0.5' },
      body: JSON.stringify({ ...validProcedure, processingDays: -1 }),
    });
    const body = await expectProblem(en, 400, 'validation-failed');
    expect(body.title).toBe('Invalid input');
    expect(body.detail).toBe('The request body does not match the schema.');
    expect(body.errors[0].message).toMatch(/>=\s*0|too small/i);
  });

  it('none of the refused requests wrote anything', async () => {
    expect((await api.call('/procedures/1.000894')).status).toBe(404);
  });

  it('an unknown route → 404 as API Gateway answers it', async () => {
    const response = await api.call('/nowhere');
    expect(response.status).toBe(404);
    expect(await readJson(response)).toEqual({ message: 'Not Found' });
  });
});

describe('bad input on the routes of a signed-in person and of files', () => {
  const citizen = { as: 'citizen' as const, sub: 'citizen-careless-me' };
  const send = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    api.call(path, {
      method,
      ...citizen,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body }),
    });

  it('/me/notifications and /me/notifications/read', async () => {
    await expectProblem(await send('GET', '/me/notifications?limit=0'), 400, 'validation-failed');
    await expectProblem(await send('GET', '/me/notifications?cursor=%7B%7D'), 400, 'validation-failed');
    await expectProblem(
      await send('POST', '/me/notifications/read', '{"items": []}'),
      400,
      'validation-failed',
    );
    await expectProblem(
      await send('POST', '/me/notifications/read', '{"items": [{"id": "x", "at": "yesterday"}]}'),
      400,
      'validation-failed',
    );
    await expectProblem(await send('POST', '/me/notifications/read', '['), 400, 'malformed-json');
  });

  it('/me/preferences and /me/contacts', async () => {
    await expectProblem(
      await send('PUT', '/me/preferences', '{"language": "fr", "channels": []}'),
      400,
      'validation-failed',
    );
    await expectProblem(
      await send('PUT', '/me/preferences', '{"language": "vi", "channels": ["pigeon"]}'),
      400,
      'validation-failed',
    );
    await expectProblem(
      await send('POST', '/me/contacts', '{"channel": "fax", "address": "x"}'),
      400,
      'validation-failed',
    );
    await expectProblem(
      await send('POST', '/me/contacts/confirm', '{"channel": "sms", "address": "0912345678", "code": "12"}'),
      400,
      'validation-failed',
    );
  });

  it('/uploads/{uploadId}/verify and /receipts/{code}/verify', async () => {
    await expectProblem(await send('POST', '/uploads/not-an-id/verify'), 400, 'validation-failed');
    await expectProblem(await send('POST', `/uploads/${'0'.repeat(300)}/verify`), 400, 'validation-failed');
    await expectProblem(
      await send('POST', '/uploads/00000000-0000-4000-8000-000000000000/verify'),
      404,
      'not-found',
    );
    await expectProblem(await send('GET', '/receipts/not-a-code/verify'), 400, 'validation-failed');
    await expectProblem(await send('GET', '/receipts/000.02.30.H19-261128-9999/verify'), 404, 'not-found');
  });

  it('malformed path parameters on every kind of route', async () => {
    for (const path of [
      '/procedures/%20',
      '/dossiers/%E1%BA%A1',
      '/dossiers/..%2F..%2Fetc/history',
      '/units/%00/dossiers',
      '/dossiers/000.02.30.H19-261128-0001/files/%22%3E',
    ]) {
      const response = await api.call(path, { as: 'officer', unit: '000.02.30.H19' });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
    }
  });
});
