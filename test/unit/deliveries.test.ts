import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifyV1a } from '../../examples/webhook-verifier.ts';
import { guardedLookup, post, resolvedRefusal } from '../../shared/connectors/http.ts';
import { addressRefusal, urlRefusal } from '../../shared/connectors/targets.ts';
import { signedContent, webhookHeaders } from '../../shared/connectors/webhook-signature.ts';
import {
  afterAttempt,
  GIVE_UP_AFTER_MS,
  mayInterest,
  RETRY_SCHEDULE_SECONDS,
  retryDelaySeconds,
  secretsInForce,
  subscribed,
  targetsOf,
} from '../../shared/domain/deliveries.ts';
import type { DossierEvent } from '../../shared/domain/dossier-events.ts';
import { nationalProgress, vietnamTime } from '../../shared/domain/national-portal.ts';

const ON_AWS = { allowLoopback: false };
const LOCALLY = { allowLoopback: true };

describe('Standard Webhooks signatures', () => {
  it('v1 reproduces the published test vector with the standardwebhooks library', () => {
    const webhook = new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    const at = new Date(1614265330 * 1000);
    expect(webhook.sign('msg_p5jXN8AQM9LWM0D4loKWxJek', at, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it("carry v1 and v1a over the same content: the library verifies v1, the integrators' guide's verifier v1a", async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const payload = '{"type":"dossier.receive","data":{"code":"000.02.30.H19-261128-0001"}}';
    const headers = await webhookHeaders(
      [secret],
      { id: 'msg_1', at: new Date(), payload },
      async (content) => sign(null, content, privateKey),
    );
    expect(new Webhook(secret).verify(payload, headers)).toMatchObject({ type: 'dossier.receive' });
    const jwks = { keys: [publicKey.export({ format: 'jwk' })] };
    expect(verifyV1a(headers, payload, jwks)).toBe(true);
    expect(verifyV1a(headers, payload.replace('receive', 'refuse'), jwks)).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    expect(verifyV1a(headers, payload, { keys: [other] })).toBe(false);
    const late = { ...headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 600) };
    expect(verifyV1a(late, payload, jwks)).toBe(false);
    expect(signedContent('msg_1', 5, '{}')).toBe('msg_1.5.{}');
  });

  it("carry a v1 for each secret in force: during a rotation's overlap the old secret verifies as well as the new", async () => {
    const [old, fresh] = ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'];
    const subscription = {
      secret: 'sealed-new',
      previousSecret: { secret: 'sealed-old', until: '2026-11-30T08:00:00Z' },
    };
    expect(secretsInForce(subscription, new Date('2026-11-30T07:59:59Z'))).toEqual([
      'sealed-new',
      'sealed-old',
    ]);
    expect(secretsInForce(subscription, new Date('2026-11-30T08:00:00Z'))).toEqual(['sealed-new']);
    expect(secretsInForce({ secret: 'sealed-new' }, new Date())).toEqual(['sealed-new']);
    const payload = '{"type":"dossier.receive"}';
    const headers = await webhookHeaders(
      [fresh, old],
      { id: 'msg_2', at: new Date(), payload },
      async () => new Uint8Array(64),
    );
    expect(headers['webhook-signature']!.split(' ').filter((one) => one.startsWith('v1,'))).toHaveLength(2);
    expect(new Webhook(fresh).verify(payload, headers)).toMatchObject({ type: 'dossier.receive' });
    expect(new Webhook(old).verify(payload, headers)).toMatchObject({ type: 'dossier.receive' });
    const after = await webhookHeaders(
      [fresh],
      { id: 'msg_3', at: new Date(), payload },
      async () => new Uint8Array(64),
    );
    expect(() => new Webhook(old).verify(payload, after)).toThrow();
  });

  it("the integrators' guide shows the v1a verifier these tests use, as it is", () => {
    const root = new URL('../../', import.meta.url);
    const verifier = readFileSync(new URL('examples/webhook-verifier.ts', root), 'utf8');
    expect(readFileSync(new URL('docs/integrators.md', root), 'utf8')).toContain(
      `\`\`\`ts\n${verifier}\`\`\``,
    );
  });
});

describe('the retry schedule', () => {
  it("waits Standard Webhooks' schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, scaled when asked", () => {
    const [s, min, h] = [1, 60, 3600];
    const schedule = [5 * s, 5 * min, 30 * min, 2 * h, 5 * h, 10 * h, 10 * h];
    expect(schedule.map((_, index) => retryDelaySeconds(index + 1))).toEqual(schedule);
    expect(schedule.map((_, index) => retryDelaySeconds(index + 1, 0.01))).toEqual(
      schedule.map((wait) => Math.ceil(wait * 0.01)),
    );
  });

  it('spans more than a day and then gives up', () => {
    const total = RETRY_SCHEDULE_SECONDS.reduce((sum, wait) => sum + wait, 0) * 1000;
    expect(total).toBeGreaterThan(GIVE_UP_AFTER_MS);
    expect(retryDelaySeconds(1)).toBe(5);
    expect(retryDelaySeconds(RETRY_SCHEDULE_SECONDS.length)).toBe(36_000);
    expect(retryDelaySeconds(RETRY_SCHEDULE_SECONDS.length + 1)).toBeUndefined();
    expect(retryDelaySeconds(3, 0)).toBe(0);
  });

  it('retries each failure on the next wait, starts again after a replay, and never waits after a 2xx', () => {
    const failed = { at: '2026-11-27T01:00:00Z', status: 500, ok: false };
    const attempts = Array.from({ length: RETRY_SCHEDULE_SECONDS.length }, () => failed);
    expect(afterAttempt({ attempts: [], seriesFrom: 0 }, failed)).toEqual({ kind: 'retry', afterSeconds: 5 });
    expect(afterAttempt({ attempts: attempts.slice(0, 2), seriesFrom: 0 }, failed)).toEqual({
      kind: 'retry',
      afterSeconds: 1_800,
    });
    expect(afterAttempt({ attempts, seriesFrom: 0 }, failed)).toEqual({ kind: 'give-up' });
    expect(afterAttempt({ attempts, seriesFrom: attempts.length }, failed)).toEqual({
      kind: 'retry',
      afterSeconds: 5,
    });
    expect(afterAttempt({ attempts, seriesFrom: 0 }, { ...failed, status: 204, ok: true })).toEqual({
      kind: 'delivered',
    });
  });
});

const event = (type: DossierEvent['type'], data: Record<string, unknown> = {}): DossierEvent => ({
  seq: 3,
  eventId: 'e-1',
  code: '000.00.01.H19-261127-0001',
  type,
  at: '2026-11-27T02:30:00.000Z',
  actor: { sub: 'officer-1', role: 'officer', unit: '000.00.01.H19' },
  fromState: 2,
  toState: 4,
  fromUnit: '000.00.01.H19',
  toUnit: '000.00.00.G12',
  data,
  prevHash: 'a',
  hash: 'b',
});

describe('who an event goes to', () => {
  const dossier = { procedureCode: '1.013831', units: ['000.00.01.H19', '000.01.16.H19'] };
  const subscription = {
    id: 's1',
    integrator: 'lgsp',
    ownerUnit: '000.00.01.H19',
    url: 'https://lgsp.example.gov.vn/hooks',
    eventTypes: ['dossier.receive'],
    secret: 'whsec_x',
    status: 'active' as const,
    createdAt: '2026-11-01T00:00:00Z',
  };

  it('subscriptions by event type, procedure and unit; the portal; an outside unit its queued hop', () => {
    expect(subscribed(subscription, event('receive'), dossier)).toBe(true);
    expect(subscribed(subscription, event('refuse'), dossier)).toBe(false);
    expect(subscribed({ ...subscription, procedures: ['1.001193'] }, event('receive'), dossier)).toBe(false);
    expect(subscribed({ ...subscription, units: ['000.01.16.H19'] }, event('receive'), dossier)).toBe(true);
    expect(subscribed({ ...subscription, units: ['000.02.30.H19'] }, event('receive'), dossier)).toBe(false);
    expect(targetsOf(event('receive'), dossier, [subscription], true)).toEqual(['webhook:lgsp/s1', 'portal']);
    // The portal is not sent the submission of a dossier it filed itself; every later step, it is.
    expect(targetsOf(event('submit'), dossier, [], true)).toEqual(['portal']);
    expect(targetsOf(event('submit'), { ...dossier, fromPortal: true }, [], true)).toEqual([]);
    expect(targetsOf(event('receive'), { ...dossier, fromPortal: true }, [], true)).toEqual(['portal']);
    const queued = event('handoffDelivered', { status: 'queued-external' });
    expect(targetsOf(queued, dossier, [], false)).toEqual(['unit:000.00.00.G12']);
    expect(targetsOf(event('handoffDelivered', { status: 'delivered' }), dossier, [], false)).toEqual([]);
    const narrow = { ...subscription, procedures: ['1.001193'] };
    expect(mayInterest(event('receive'), [narrow], false)).toBe(true);
    expect(mayInterest(event('refuse'), [narrow], false)).toBe(false);
    expect(mayInterest(event('refuse'), [narrow], true)).toBe(true);
    expect(mayInterest(queued, [], false)).toBe(true);
  });

  it('the national portal in its shape, dated in Asia/Ho_Chi_Minh', () => {
    expect(vietnamTime('2026-11-27T20:15:00.000Z')).toBe('2026-11-28T03:15:00+07:00');
    expect(nationalProgress(event('transfer', { note: 'chuyển Sở' }), 'Trung tâm')).toEqual({
      MaHoSo: '000.00.01.H19-261127-0001',
      NguoiXuLy: 'officer-1',
      ThoiDiemXuLy: '2026-11-27T09:30:00+07:00',
      PhongBanXuLy: 'Trung tâm',
      NoiDungXuLy: 'Chuyển liên thông: chuyển Sở',
      TrangThai: 4,
    });
  });
});

describe('where the deployment may send (SSRF)', () => {
  it("refuses every range of IANA's special-purpose registries, IPv4 and IPv6, translation ranges included", () => {
    for (const address of [
      '0.1.2.3',
      '192.0.0.9',
      '192.0.2.1',
      '192.31.196.1',
      '192.52.193.1',
      '192.88.99.1',
      '192.175.48.1',
      '198.18.0.1',
      '198.51.100.1',
      '203.0.113.1',
      '224.0.0.1',
      '240.0.0.1',
      '255.255.255.255',
      '::',
      '::10.0.0.1',
      '::ffff:0:a00:1',
      '64:ff9b::a00:1',
      '64:ff9b::808:808',
      '64:ff9b:1::1',
      '100::1',
      '2001::1',
      '2001:2::1',
      '2001:3::1',
      '2001:4:112::1',
      '2001:10::1',
      '2001:20::1',
      '2001:30::1',
      '2001:db8::1',
      '2002:a00:1::1',
      '2620:4f:8000::1',
      '3fff::1',
      '5f00::1',
      'fec0::1',
      'ff02::1',
    ])
      expect(addressRefusal(address, ON_AWS), address).toMatch(/not a public address/);
    expect(addressRefusal('8.8.8.8', ON_AWS)).toBeUndefined();
    expect(addressRefusal('2001:4860:4860::8888', ON_AWS)).toBeUndefined();
    expect(addressRefusal('::ffff:8.8.8.8', ON_AWS)).toBeUndefined();
  });

  it('sends HTTPS to port 443 only, unless the province allows more ports', () => {
    expect(urlRefusal('https://hooks.example.com/x', ON_AWS)).toBeUndefined();
    expect(urlRefusal('https://hooks.example.com:443/x', ON_AWS)).toBeUndefined();
    expect(urlRefusal('https://hooks.example.com:8443/x', ON_AWS)).toMatch(/port 8443/);
    expect(urlRefusal('https://hooks.example.com:22/x', ON_AWS)).toMatch(/port 22/);
    expect(
      urlRefusal('https://hooks.example.com:8443/x', { ...ON_AWS, allowedPorts: [8443] }),
    ).toBeUndefined();
    expect(urlRefusal('https://hooks.example.com:9443/x', { ...ON_AWS, allowedPorts: [8443] })).toMatch(
      /port 9443/,
    );
    // A receiver on this machine, where the runtime allows loopback, on whatever port it has.
    expect(urlRefusal('http://127.0.0.1:39017/hook', LOCALLY)).toBeUndefined();
    expect(urlRefusal('https://hooks.example.com:8443/x', LOCALLY)).toMatch(/port 8443/);
  });

  it('refuses private, loopback, link-local and other non-public addresses on AWS', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.9',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd12:3456::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
    ])
      expect(addressRefusal(address, ON_AWS), address).toBeDefined();
    expect(addressRefusal('203.0.114.10', ON_AWS)).toBeUndefined();
    expect(addressRefusal('2402:800:6314::1', ON_AWS)).toBeUndefined();
  });

  it('allows loopback only where the runtime says so, and nothing private even then', () => {
    expect(addressRefusal('127.0.0.1', LOCALLY)).toBeUndefined();
    expect(addressRefusal('::1', LOCALLY)).toBeUndefined();
    expect(addressRefusal('10.0.0.1', LOCALLY)).toBeDefined();
    expect(urlRefusal('http://127.0.0.1:3000/hook', LOCALLY)).toBeUndefined();
    expect(urlRefusal('http://localhost:3000/hook', LOCALLY)).toBeUndefined();
    expect(urlRefusal('http://127.0.0.1:3000/hook', ON_AWS)).toBe('not HTTPS');
    expect(urlRefusal('https://localhost/hook', ON_AWS)).toBe('localhost is loopback');
    expect(urlRefusal('http://hooks.example.com/x', LOCALLY)).toBe('not HTTPS');
    expect(urlRefusal('https://u:p@hooks.example.com/x', ON_AWS)).toBe('a URL with credentials');
    expect(urlRefusal('https://[fe80::1]/x', ON_AWS)).toMatch(/not a public address/);
    expect(urlRefusal('https://hooks.example.com/x', ON_AWS)).toBeUndefined();
  });

  it('checks the addresses a name resolves to, at subscription and again as the connection is made', async () => {
    const pointsInside = async () => [{ address: '10.0.0.7', family: 4 }];
    const pointsOutside = async () => [{ address: '203.0.114.10', family: 4 }];
    expect(await resolvedRefusal('hooks.example.com', ON_AWS, pointsInside)).toMatch(/10\.0\.0\.7/);
    expect(await resolvedRefusal('hooks.example.com', ON_AWS, pointsOutside)).toBeUndefined();
    expect(
      await resolvedRefusal('hooks.example.com', ON_AWS, async () => {
        throw new Error('ENOTFOUND');
      }),
    ).toMatch(/does not resolve/);
    const looked = await new Promise<string>((resolve) =>
      guardedLookup(ON_AWS, pointsInside)('hooks.example.com', { all: false }, (error) =>
        resolve(String((error as NodeJS.ErrnoException | null)?.code)),
      ),
    );
    expect(looked).toBe('ETARGETREFUSED');
    expect(await post('https://hooks.example.com/x', '{}', {}, ON_AWS, pointsInside)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/refused target: 10\.0\.0\.7/),
    });
    expect(await post('https://localhost:1/hook', '{}', {}, ON_AWS)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/refused target/),
    });
  });
});

/** A receiver on this machine, answering each request as `answer` does. */
async function receiverThat(answer: (response: ServerResponse) => void) {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => answer(response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('an attempt', () => {
  it('is delivered by a 2xx only: a redirect, like any other status, is not', async () => {
    for (const status of [200, 202, 204, 299, 301, 302, 303, 304, 307, 308, 400, 410, 500]) {
      const receiver = await receiverThat((response) => response.writeHead(status).end());
      const answer = await post(receiver.url, '{}', {}, LOCALLY);
      await receiver.close();
      expect(answer, String(status)).toEqual({ status, ok: status >= 200 && status <= 299 });
    }
  });

  it('has a deadline for the whole answer: a receiver that trickles bytes is cut at it', async () => {
    const { promise: cut, resolve: cutOff } = Promise.withResolvers<void>();
    const receiver = await receiverThat((response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const trickle = setInterval(() => response.write('.'), 20);
      response.on('close', () => {
        clearInterval(trickle);
        cutOff();
      });
    });
    const answer = await post(receiver.url, '{}', {}, LOCALLY, undefined, 400);
    expect(answer).toEqual({ ok: false, error: 'no complete answer within 0.4 s' });
    // The connection is closed by the sender, not left to the receiver.
    await cut;
    await receiver.close();
  });
});
