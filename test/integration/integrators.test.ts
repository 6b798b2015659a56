import { beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../shared/http/signatures.ts';
import { journey } from '../support/dossiers.ts';
import { integrators, type Signer } from '../support/integrators.ts';
import { readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();
const { admin, newKey, register: integrator, signed } = integrators(api);

/** A signed GET, sent once; the headers come back to be sent again. */
const signedGet = (path: string, signer: Signer, headers?: Record<string, string>) =>
  signed('GET', path, signer, undefined, {}, headers);

let code: string;
beforeAll(async () => {
  code = (await journey(api).submit()).code;
});

describe('the integrator registry', () => {
  it('registers an integrator and its keys, each change in its trail', async () => {
    const portal = await integrator(['dossiers:read']);
    const { status, body } = await admin(`/admin/integrators/${portal.id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: portal.id, scopes: ['dossiers:read'], status: 'active' });
    expect(body.keys).toEqual([expect.objectContaining({ keyid: portal.keyid, status: 'active' })]);
    expect(body.trail.map((change: { what: string }) => change.what)).toEqual([
      'registered with scopes dossiers:read',
      `added key ${portal.keyid}`,
    ]);
    expect(portal.keyid).toMatch(new RegExp(`^${portal.id}\\.[A-Za-z0-9_-]{43}$`));
  });

  it('refuses a second integrator of the same id, a key that is not Ed25519, and callers who are not admins', async () => {
    const portal = await integrator(['dossiers:read']);
    const again = await admin('/admin/integrators', {
      id: portal.id,
      name: 'x',
      unit: '000.00.01.H19',
      scopes: ['dossiers:read'],
    });
    expect(again).toMatchObject({ status: 409, body: { type: 'urn:motcua:problem:already-exists' } });
    const nowhere = await admin('/admin/integrators', {
      id: `${portal.id}-x`,
      name: 'x',
      unit: '000.00.99.H19',
      scopes: ['dossiers:read'],
    });
    expect(nowhere).toMatchObject({
      status: 400,
      body: { errors: [{ path: 'body.unit', code: 'unknown_unit' }] },
    });
    const rsa = await admin(`/admin/integrators/${portal.id}/keys`, {
      publicKey: { kty: 'RSA', n: 'x', e: 'AQAB' },
    });
    expect(rsa.status).toBe(400);
    const byOfficer = await api.call(`/admin/integrators/${portal.id}`, {
      as: 'officer',
      unit: '000.00.01.H19',
    });
    expect(byOfficer.status).toBe(403);
    const trail = (await admin(`/admin/integrators/${portal.id}`)).body.trail;
    expect(trail).toHaveLength(2);
  });
});

describe("an integrator's signed requests", () => {
  it('read a dossier it may see: its state and every step, no personal data', async () => {
    const portal = await integrator(['dossiers:read']);
    const { status, body } = await signedGet(`/integrations/v1/dossiers/${code}`, portal);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ code, state: 1, progress: [{ step: 'submit', toState: 1 }] });
    expect(JSON.stringify(body)).not.toMatch(/fullName|idNumber|phone|address/);
  });

  it('are refused once replayed, and one of two copies sent at the same moment passes', async () => {
    const portal = await integrator(['dossiers:read']);
    const first = await signedGet(`/integrations/v1/dossiers/${code}`, portal);
    expect(first.status).toBe(200);
    const replay = await signedGet(`/integrations/v1/dossiers/${code}`, portal, first.headers);
    expect(replay).toMatchObject({ status: 401, body: { type: 'urn:motcua:problem:replayed' } });

    const url = `${api.url}/integrations/v1/dossiers/${code}`;
    const headers = await signRequest({ method: 'GET', url }, portal);
    const both = await Promise.all([fetch(url, { headers }), fetch(url, { headers })]);
    expect(both.map((response) => response.status).sort()).toEqual([200, 401]);
  });

  it('are refused unsigned, tampered with, or outside the scope the key was granted', async () => {
    const portal = await integrator(['dossiers:read']);
    const unsigned = await fetch(`${api.url}/integrations/v1/dossiers/${code}`);
    expect(unsigned.status).toBe(401);
    expect(await readJson(unsigned)).toMatchObject({ type: 'urn:motcua:problem:signature-missing' });

    const other = (await journey(api).submit()).code;
    const signedForOther = await signRequest(
      { method: 'GET', url: `${api.url}/integrations/v1/dossiers/${other}` },
      portal,
    );
    const moved = await signedGet(`/integrations/v1/dossiers/${code}`, portal, signedForOther);
    expect(moved).toMatchObject({ status: 401, body: { type: 'urn:motcua:problem:signature-invalid' } });

    const payments = await integrator(['payments:confirm']);
    const denied = await signedGet(`/integrations/v1/dossiers/${code}`, payments);
    expect(denied).toMatchObject({ status: 403, body: { type: 'urn:motcua:problem:scope-denied' } });
  });

  it('write nothing when refused: the same refused request sent again is refused the same way, not as a replay', async () => {
    const portal = await integrator(['dossiers:read']);
    const badCode = await signedGet('/integrations/v1/dossiers/not-a-code', portal);
    expect(badCode.status).toBe(400);
    expect((await signedGet('/integrations/v1/dossiers/not-a-code', portal, badCode.headers)).status).toBe(
      400,
    );
    const payments = await integrator(['payments:confirm']);
    const denied = await signedGet(`/integrations/v1/dossiers/${code}`, payments);
    expect((await signedGet(`/integrations/v1/dossiers/${code}`, payments, denied.headers)).status).toBe(403);
  });

  it('are refused by the handler without using up their nonce: sent again, refused the same way, then accepted once', async () => {
    const portal = await integrator(['dossiers:read']);
    // Well formed, so past the parsing: the handler itself finds no such dossier.
    const missing = '000.02.30.H19-200101-9999';
    const first = await signedGet(`/integrations/v1/dossiers/${missing}`, portal);
    expect(first).toMatchObject({ status: 404, body: { type: 'urn:motcua:problem:not-found' } });
    const again = await signedGet(`/integrations/v1/dossiers/${missing}`, portal, first.headers);
    expect(again).toMatchObject({ status: 404, body: { type: 'urn:motcua:problem:not-found' } });
    const accepted = await signedGet(`/integrations/v1/dossiers/${code}`, portal);
    expect(accepted.status).toBe(200);
    const replay = await signedGet(`/integrations/v1/dossiers/${code}`, portal, accepted.headers);
    expect(replay).toMatchObject({ status: 401, body: { type: 'urn:motcua:problem:replayed' } });
  });

  it('are accepted for five minutes after they were signed, and refused after', async () => {
    const portal = await integrator(['dossiers:read']);
    const url = `${api.url}/integrations/v1/dossiers/${code}`;
    const signedAgo = async (seconds: number) => {
      const headers = await signRequest({ method: 'GET', url }, portal, {
        created: new Date(Date.now() - seconds * 1000),
      });
      const response = await fetch(url, { headers });
      return { status: response.status, body: await readJson(response) };
    };
    expect((await signedAgo(290)).status).toBe(200);
    expect(await signedAgo(301)).toMatchObject({
      status: 401,
      body: { type: 'urn:motcua:problem:signature-expired' },
    });
  });

  it('are verified over the path as sent, percent-escapes included (RFC 9421 §2.2.6)', async () => {
    const portal = await integrator(['webhooks:manage']);
    // A subscription id with an escaped ":" reaches the route, which finds no such id.
    const path = '/integrations/v1/webhooks/sub_AAAAAAAAAAAAAAAA%3A/deliveries';
    const escaped = await signedGet(path, portal);
    expect(escaped.status, JSON.stringify(escaped.body)).toBe(400);
    expect(escaped.body.errors).toEqual([expect.objectContaining({ path: 'params.id' })]);
    // Signed over another path, the same request is refused.
    const other = await signRequest(
      { method: 'GET', url: `${api.url}/integrations/v1/webhooks/sub_AAAAAAAAAAAAAAAA%3B/deliveries` },
      portal,
    );
    expect(await signedGet(path, portal, other)).toMatchObject({
      status: 401,
      body: { type: 'urn:motcua:problem:signature-invalid' },
    });
  });

  it("see only dossiers of the integrator's procedures", async () => {
    const land = await integrator(['dossiers:read'], { procedures: ['1.013831'] });
    const { status } = await signedGet(`/integrations/v1/dossiers/${code}`, land);
    expect(status).toBe(404);
  });

  it('rotate keys: a new key works beside the old until the old is revoked', async () => {
    const portal = await integrator(['dossiers:read']);
    const second = await newKey(portal.id);
    const path = `/integrations/v1/dossiers/${code}`;
    expect((await signedGet(path, portal)).status).toBe(200);
    expect((await signedGet(path, second)).status).toBe(200);
    const thumbprint = portal.keyid.split('.')[1];
    const revoked = await admin(`/admin/integrators/${portal.id}/keys/${thumbprint}/revoke`, {});
    expect(revoked).toMatchObject({ status: 200, body: { keyid: portal.keyid, status: 'revoked' } });
    expect(await signedGet(path, portal)).toMatchObject({
      status: 401,
      body: { type: 'urn:motcua:problem:unknown-key' },
    });
    expect((await signedGet(path, second)).status).toBe(200);
  });
});
