import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../shared/http/signatures.ts';
import { listDeliveries } from '../../shared/persistence/deliveries.ts';
import { journey } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { integrators, type Signer } from '../support/integrators.ts';
import { type Json, readJson } from '../support/json.ts';
import { startReceiver } from '../support/receiver.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime({ idleConsumers: ['countIndicators'] });
const { admin, newKey, register: integrator, signed } = integrators(api);

/** A signed GET, sent once; the headers come back to be sent again. */
const signedGet = (path: string, signer: Signer, headers?: Record<string, string>) =>
  signed('GET', path, signer, undefined, {}, headers);

let code: string;
beforeAll(async () => {
  code = (await journey(api).submit()).code;
});

const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
afterAll(() => Promise.all(receivers.map((one) => one.close())));

/** An administrator's change to an integrator. */
async function patch(id: string, body: unknown, as: 'admin' | 'officer' = 'admin') {
  const response = await api.call(`/admin/integrators/${id}`, {
    as,
    sub: 'admin-it',
    unit: '000.00.01.H19',
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await readJson(response) };
}

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
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const secret = await admin(`/admin/integrators/${portal.id}/keys`, {
      publicKey: privateKey.export({ format: 'jwk' }),
    });
    expect(secret).toMatchObject({ status: 400, body: { errors: [{ code: 'unrecognized_keys' }] } });
    const forEncryption = await admin(`/admin/integrators/${portal.id}/keys`, {
      publicKey: { ...publicKey.export({ format: 'jwk' }), use: 'enc' },
    });
    expect(forEncryption.status).toBe(400);
    const byOfficer = await api.call(`/admin/integrators/${portal.id}`, {
      as: 'officer',
      unit: '000.00.01.H19',
    });
    expect(byOfficer.status).toBe(403);
    const trail = (await admin(`/admin/integrators/${portal.id}`)).body.trail;
    expect(trail).toHaveLength(2);
  });

  it('takes a key as common tools export it, with kid, alg and use, and keeps only the key', async () => {
    const portal = await integrator(['dossiers:read']);
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'portal-2026-11', alg: 'EdDSA', use: 'sig' };
    const added = await admin(`/admin/integrators/${portal.id}/keys`, { publicKey: jwk });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.publicKey).toEqual({ kty: 'OKP', crv: 'Ed25519', x: jwk.x });
    const again = await admin(`/admin/integrators/${portal.id}/keys`, {
      publicKey: { ...jwk, kid: 'other' },
    });
    expect(again).toMatchObject({ status: 200, body: { keyid: added.body.keyid } });
    const signer = { keyid: added.body.keyid, privateKey };
    expect((await signedGet(`/integrations/v1/dossiers/${code}`, signer)).status).toBe(200);
  });
});

describe('an administrator', () => {
  it('disables an integrator: its requests are refused and its webhooks held at once; enabled, what was held goes out', async () => {
    const system = await integrator(['dossiers:read', 'webhooks:manage']);
    const receiver = await startReceiver();
    receivers.push(receiver);
    const made = await signed('POST', '/integrations/v1/webhooks', system, {
      url: `${receiver.url}/hooks/${randomUUID()}`,
      eventTypes: ['dossier.submit'],
    });
    expect(made.status).toBe(201);
    const target = `webhook:${system.id}/${made.body.id}` as const;

    const off = await patch(system.id, { status: 'disabled' });
    expect(off).toMatchObject({ status: 200, body: { status: 'disabled' } });
    expect(await signedGet(`/integrations/v1/dossiers/${code}`, system)).toMatchObject({
      status: 401,
      body: { type: 'urn:motcua:problem:unknown-key' },
    });
    const { code: later } = await journey(api).submit();
    await eventually(async () => {
      const delivery = (await listDeliveries(target, 10)).find((one) => one.code === later);
      expect(delivery?.status).toBe('held');
    }, 20_000);
    expect(receiver.received.filter((one) => one.body.includes(later))).toEqual([]);

    const on = await patch(system.id, { status: 'active' });
    expect(on.body.status).toBe('active');
    await eventually(async () => {
      expect(
        receiver.received.filter((one) => one.body.includes(later) && one.answered === 204),
      ).toHaveLength(1);
    }, 20_000);
    expect((await signedGet(`/integrations/v1/dossiers/${code}`, system)).status).toBe(200);
    expect(on.body.trail.map((change: Json) => [change.actor, change.what]).slice(-2)).toEqual([
      ['admin-it', 'disabled'],
      ['admin-it', 'enabled'],
    ]);
  });

  it("lists the integrators and changes one's limits and request rate, each change in its trail", async () => {
    const portal = await integrator(['dossiers:read']);
    const listed = await admin('/admin/integrators?limit=100');
    expect(listed.status).toBe(200);
    let items: Json[] = listed.body.items;
    for (let cursor = listed.body.cursor; cursor; ) {
      const more = await admin(`/admin/integrators?limit=100&cursor=${cursor}`);
      items = [...items, ...more.body.items];
      cursor = more.body.cursor;
    }
    expect(items.find((item) => item.id === portal.id)).toMatchObject({
      status: 'active',
      scopes: ['dossiers:read'],
      requestsPerMinute: 600,
    });
    expect(items.find((item) => item.id === portal.id)).not.toHaveProperty('keys');

    const narrowed = await patch(portal.id, { procedures: ['1.013831'], requestsPerMinute: 2 });
    expect(narrowed).toMatchObject({ status: 200, body: { procedures: ['1.013831'], requestsPerMinute: 2 } });
    expect(narrowed.body.trail.at(-1).what).toBe('procedures 1.013831; 2 requests a minute');
    // The marriage dossier is outside the procedures now: as unknown.
    expect((await signedGet(`/integrations/v1/dossiers/${code}`, portal)).status).toBe(404);
    // Two a minute: of five in a row, some are refused with Retry-After.
    const answers = [];
    for (let n = 0; n < 5; n += 1) {
      const url = `${api.url}/integrations/v1/dossiers/${code}`;
      answers.push(await fetch(url, { headers: await signRequest({ method: 'GET', url }, portal) }));
    }
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await readJson(refused[0]!)).type).toBe('urn:motcua:problem:too-many-requests');

    const lifted = await patch(portal.id, { procedures: null, requestsPerMinute: 600 });
    expect(lifted.body).not.toHaveProperty('procedures');
    expect(lifted.body.trail.at(-1).what).toBe('procedures: all; 600 requests a minute');
    const unchanged = await patch(portal.id, { requestsPerMinute: 600 });
    expect(unchanged.body.trail).toHaveLength(lifted.body.trail.length);
  });

  it('refuses a change that is empty, names an unknown unit or integrator, or comes from someone not an admin', async () => {
    const portal = await integrator(['dossiers:read']);
    expect((await patch(portal.id, {})).status).toBe(400);
    expect(await patch(portal.id, { units: ['000.00.99.H19'] })).toMatchObject({
      status: 400,
      body: { errors: [{ path: 'body.units[0]', code: 'unknown_unit' }] },
    });
    expect((await patch(portal.id, { status: 'gone' })).status).toBe(400);
    expect((await patch('it-nobody', { status: 'disabled' })).status).toBe(404);
    expect((await patch(portal.id, { status: 'disabled' }, 'officer')).status).toBe(403);
    const { body } = await admin(`/admin/integrators/${portal.id}`);
    expect(body).toMatchObject({ status: 'active' });
    expect(body.trail).toHaveLength(2);
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
