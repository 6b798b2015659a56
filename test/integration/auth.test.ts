import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../infra/local/dev-issuer.ts';
import { TRAN_BIEN } from '../support/dossiers.ts';
import { readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();

const adminRoute = (token?: string) =>
  fetch(`${api.url}/admin/procedures/1.001193`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: '{}',
  });

async function expectUnauthorized(response: Response, reason: RegExp) {
  expect(response.status).toBe(401);
  expect(await readJson(response)).toEqual({ message: 'Unauthorized' });
  expect(response.headers.get('www-authenticate')).toMatch(reason);
}

describe('the JWT authorizer and the roles of a route', () => {
  it('no token → 401', async () => {
    await expectUnauthorized(await adminRoute(), /missing token/);
  });

  it('an expired token → 401', async () => {
    const token = await api.runtime.issuer.sign({
      sub: 'a',
      role: 'admin',
      ttl: 60,
      now: new Date(Date.now() - 3600_000),
    });
    await expectUnauthorized(await adminRoute(token), /expired/);
  });

  it('a token without an expiry, or issued in the future → 401, as API Gateway refuses them', async () => {
    const lasting = await api.runtime.issuer.sign({ sub: 'a', role: 'admin', withoutExpiry: true });
    await expectUnauthorized(await adminRoute(lasting), /exp/);
    const early = await api.runtime.issuer.sign({
      sub: 'a',
      role: 'admin',
      now: new Date(Date.now() + 3600_000),
    });
    await expectUnauthorized(await adminRoute(early), /iat|future/);
  });

  it('a token of another issuer → 401', async () => {
    const token = await api.runtime.issuer.sign({ sub: 'a', role: 'admin', issuer: 'https://evil.example' });
    await expectUnauthorized(await adminRoute(token), /iss/);
  });

  it('a token for another audience → 401', async () => {
    const token = await api.runtime.issuer.sign({ sub: 'a', role: 'admin', audience: 'someone-else' });
    await expectUnauthorized(await adminRoute(token), /audience/);
  });

  it('a token signed by a key outside the JWKS → 401', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'motcua-dev-1' })
      .setSubject('a')
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    await expectUnauthorized(await adminRoute(token), /signature/);
  });

  it('a token without a signature (alg none) → 401', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const claims = Buffer.from(
      JSON.stringify({ sub: 'a', iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: Date.now() / 1000 + 600 }),
    ).toString('base64url');
    await expectUnauthorized(await adminRoute(`${header}.${claims}.`), /.+/);
  });

  it.each(['citizen', 'officer'] as const)('a %s on an administrator route → 403', async (role) => {
    const token = await api.token(role, { unit: '000.01.30.H19' });
    const response = await adminRoute(token);
    expect(response.status).toBe(403);
    expect(await readJson(response)).toMatchObject({ type: 'urn:motcua:problem:forbidden' });
  });

  it('an administrator passes the authorizer and reaches validation', async () => {
    const response = await adminRoute(await api.token('admin'));
    expect(response.status).toBe(400);
  });

  it('public routes need no token, and a bad token does not matter there', async () => {
    expect((await fetch(`${api.url}/procedures`)).status).toBe(200);
    expect((await fetch(`${api.url}/procedures`, { headers: { authorization: 'Bearer junk' } })).status).toBe(
      200,
    );
  });
});

describe('one role per request, a unit only for staff', () => {
  it('a citizen whose token names a unit reads nothing of that unit: feedback, inbox, notifications', async () => {
    const sent = await api.call('/feedback', {
      method: 'POST',
      as: 'citizen',
      sub: 'author-of-feedback',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'conduct',
        unit: TRAN_BIEN,
        subject: 'Cán bộ hẹn nhiều lần',
        content: 'Tôi phải đi lại ba lần.',
      }),
    });
    expect(sent.status).toBe(201);
    const { id } = await readJson(sent);
    const citizenWithUnit = { as: 'citizen' as const, sub: 'someone-else', unit: TRAN_BIEN };
    expect((await api.call(`/feedback/${id}`, citizenWithUnit)).status).toBe(404);
    expect((await api.call(`/units/${TRAN_BIEN}/feedback`, citizenWithUnit)).status).toBe(403);
    expect((await api.call(`/units/${TRAN_BIEN}/dossiers`, citizenWithUnit)).status).toBe(403);
    // The unit's officer reads it, and the author does.
    expect((await api.call(`/feedback/${id}`, { as: 'officer', unit: TRAN_BIEN })).status).toBe(200);
    expect((await api.call(`/feedback/${id}`, { as: 'citizen', sub: 'author-of-feedback' })).status).toBe(
      200,
    );
  });

  it('a leader group exists for tokens as for the other staff roles, and "admin " grants nothing', async () => {
    const spaced = await adminRoute(await api.token('citizen', { claims: { 'cognito:groups': ['admin '] } }));
    expect(spaced.status).toBe(403);
  });
});
