import { afterEach, describe, expect, it } from 'vitest';
import { COGNITO_CLAIMS } from '../../shared/config/province.ts';
import { ENV } from '../../shared/env.ts';
import { principalFromClaims } from '../../shared/http/principal.ts';
import { problemResponse } from '../../shared/http/problem.ts';

const body = (answer: { body?: string }) => JSON.parse(answer.body!);

describe('a problem on the wire (RFC 9457)', () => {
  it('is typed by its kind, titled and detailed in the caller’s language, with its field issues', () => {
    const problem = {
      kind: 'validation-failed' as const,
      detail: { vi: 'Dữ liệu sai.', en: 'Wrong data.' },
      instance: 'request-9',
      issues: [
        { path: 'body.name', code: 'too_small', message: { vi: 'quá ngắn', en: 'too short' } },
        { path: 'body.code', code: 'custom', message: 'as it is' },
      ],
    };
    const english = problemResponse(problem, 'en');
    expect(english.statusCode).toBe(400);
    expect(english.headers).toEqual({
      'content-type': 'application/problem+json',
      'content-language': 'en',
      'x-content-type-options': 'nosniff',
    });
    expect(body(english)).toEqual({
      type: 'urn:motcua:problem:validation-failed',
      title: 'Invalid input',
      status: 400,
      detail: 'Wrong data.',
      instance: 'request-9',
      errors: [
        { path: 'body.name', code: 'too_small', message: 'too short' },
        { path: 'body.code', code: 'custom', message: 'as it is' },
      ],
    });
    const vietnamese = body(problemResponse(problem, 'vi'));
    expect(vietnamese).toMatchObject({ title: 'Dữ liệu không hợp lệ', detail: 'Dữ liệu sai.' });
    expect(vietnamese.errors[0].message).toBe('quá ngắn');
  });

  it('carries no instance it was not given, and no empty list of errors', () => {
    const answer = body(problemResponse({ kind: 'not-found', detail: 'Không có.', issues: [] }, 'vi'));
    expect(answer).toEqual({
      type: 'urn:motcua:problem:not-found',
      title: 'Không tìm thấy',
      status: 404,
      detail: 'Không có.',
    });
  });

  it('says when to retry in whole seconds, at least 1, and always on 429', () => {
    const retry = (kind: 'too-many-requests' | 'idempotency-in-progress', retryAfterSeconds?: number) =>
      problemResponse(
        { kind, detail: 'x', ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) },
        'vi',
      ).headers?.['retry-after'];
    expect(retry('too-many-requests')).toBe('1');
    expect(retry('too-many-requests', 42)).toBe('42');
    expect(retry('idempotency-in-progress')).toBeUndefined();
    expect(retry('idempotency-in-progress', 2.1)).toBe('3');
    expect(retry('idempotency-in-progress', 0.2)).toBe('1');
    expect(retry('idempotency-in-progress', 0)).toBe('1');
  });
});

describe('the claims mapping every HTTP function is given', () => {
  afterEach(() => {
    process.env[ENV.identityClaims] = JSON.stringify(COGNITO_CLAIMS);
  });

  it('is read from IDENTITY_CLAIMS, and read again when it changes', () => {
    process.env[ENV.identityClaims] = JSON.stringify(COGNITO_CLAIMS);
    expect(principalFromClaims({ sub: 'u1', 'cognito:groups': '[admin]' })?.roles).toEqual(['admin']);
    process.env[ENV.identityClaims] = JSON.stringify({ roles: 'groups', unit: 'unit' });
    expect(principalFromClaims({ sub: 'u1', 'cognito:groups': '[admin]' })?.roles).toEqual([]);
    expect(principalFromClaims({ sub: 'u1', groups: ['admin'] })?.roles).toEqual(['admin']);
  });

  it('is required: a function without it fails rather than guess', () => {
    delete process.env[ENV.identityClaims];
    expect(() => principalFromClaims({ sub: 'u1' })).toThrow(
      'IDENTITY_CLAIMS is not set: the runtime did not give the claims mapping',
    );
  });
});

describe('what a token says of its holder', () => {
  const claims = (extra: Record<string, string | boolean | number | string[]>) =>
    principalFromClaims({ sub: 'u1', 'cognito:groups': '[citizen]', ...extra } as never, COGNITO_CLAIMS);

  it('is taken only as text of 1 to 320 characters', () => {
    expect(claims({ 'custom:unit': 'u'.repeat(320) })?.unit).toHaveLength(320);
    expect(claims({ 'custom:unit': 'u'.repeat(321) })?.unit).toBeUndefined();
    expect(claims({ 'custom:unit': '' })).not.toHaveProperty('unit');
    expect(claims({ 'custom:unit': 7 })).not.toHaveProperty('unit');
  });

  it('names an identity by its number, with the name only when there is one', () => {
    expect(claims({ 'custom:id_number': '075190001234' })?.identity).toEqual({ idNumber: '075190001234' });
    expect(claims({ name: 'Nguyễn Văn A' })).not.toHaveProperty('identity');
    const withoutIdentity = { ...COGNITO_CLAIMS, idNumber: undefined, fullName: undefined };
    expect(
      principalFromClaims(
        { sub: 'u1', 'custom:id_number': '075190001234', name: 'A' },
        withoutIdentity as never,
      ),
    ).not.toHaveProperty('identity');
  });

  it('counts a contact verified only when its flag says true, as text or as a boolean', () => {
    expect(claims({ email: 'a@example.vn', email_verified: true })?.verifiedContacts).toEqual({
      email: 'a@example.vn',
    });
    expect(claims({ phone_number: '+84912345678', phone_number_verified: 'true' })?.verifiedContacts).toEqual(
      {
        phone: '+84912345678',
      },
    );
    expect(claims({ email: 'a@example.vn', email_verified: 'TRUE' })?.verifiedContacts).toEqual({});
    expect(claims({ email_verified: 'true' })?.verifiedContacts).toEqual({});
    // An issuer that vouches for no contacts: none is taken, whatever the token says.
    const unvouched = { roles: 'cognito:groups', unit: 'custom:unit', email: 'email' };
    expect(
      principalFromClaims({ sub: 'u1', email: 'a@example.vn', email_verified: 'true' }, unvouched as never)
        ?.verifiedContacts,
    ).toEqual({});
  });

  it('grants no role from a claim that is neither a list nor text', () => {
    expect(claims({ 'cognito:groups': 1 })?.roles).toEqual([]);
    expect(claims({ 'cognito:groups': true })?.roles).toEqual([]);
  });

  it('is somebody’s with a subject of up to 512 characters as a key holds it, nobody’s beyond', () => {
    expect(principalFromClaims({ sub: 'x'.repeat(512) }, COGNITO_CLAIMS)?.sub).toHaveLength(512);
    expect(principalFromClaims({ sub: 'x'.repeat(513) }, COGNITO_CLAIMS)).toBeUndefined();
  });

  it('is a list of roles only when bracketed at both ends', () => {
    for (const half of ['[admin', 'xadmin]', '[adminx', 'xadmin]x'])
      expect(claims({ 'cognito:groups': half })?.roles, half).toEqual([]);
    expect(claims({ 'cognito:groups': '[admin]' })?.roles).toEqual(['admin']);
  });

  it('is nobody’s without a subject of text', () => {
    expect(principalFromClaims({ sub: '' }, COGNITO_CLAIMS)).toBeUndefined();
    expect(principalFromClaims({ sub: 7 }, COGNITO_CLAIMS)).toBeUndefined();
    expect(principalFromClaims(undefined, COGNITO_CLAIMS)).toBeUndefined();
  });
});
