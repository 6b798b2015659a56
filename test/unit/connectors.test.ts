import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyV1a } from '../../examples/webhook-verifier.ts';
import { dossierFacts } from '../../shared/connectors/dossier-facts.ts';
import { nationalPortalConnector } from '../../shared/connectors/national-portal.ts';
import { outsideUnitConnector } from '../../shared/connectors/outside-unit.ts';
import { hasProcedureDatabase, nationalProcedure } from '../../shared/connectors/procedure-database.ts';
import { connectorSettings } from '../../shared/connectors/settings.ts';
import { signedPost } from '../../shared/connectors/signed-post.ts';
import { webhookConnector } from '../../shared/connectors/webhook.ts';
import { newSecret, openSecret, sealSecret } from '../../shared/connectors/webhook-secrets.ts';
import { webhookHeaders } from '../../shared/connectors/webhook-signature.ts';
import { type Delivery, type Subscription, webhookPayload } from '../../shared/domain/deliveries.ts';
import type { DossierEvent } from '../../shared/domain/dossier-events.ts';
import { nationalDossier, nationalProgress } from '../../shared/domain/national-portal.ts';
import { ENV } from '../../shared/env.ts';
import { verifySignedRequest } from '../../shared/http/signatures.ts';
import { keyId } from '../../shared/signing/receipts.ts';
import { isSealed } from '../../shared/signing/sealer.ts';

/** The dossiers, the catalog and the outbound entries as the store holds them, in memory. */
const store = vi.hoisted(() => ({
  dossiers: new Map<string, Record<string, unknown>>(),
  applications: new Map<string, Record<string, unknown>>(),
  procedures: new Map<string, Record<string, unknown>>(),
  units: new Map<string, { code: string; name: string }>(),
  procedureReads: [] as { code: string; version: number | undefined }[],
  unitReads: [] as string[][],
  handedOver: [] as { hop: unknown; now: Date }[],
}));

vi.mock('../../shared/persistence/dossiers.ts', () => ({
  getDossier: async (code: string) => store.dossiers.get(code),
  getApplication: async (code: string) => store.applications.get(code),
}));

vi.mock('../../shared/persistence/catalog.ts', () => ({
  procedureAsFiled: async (code: string, version: number | undefined) => {
    store.procedureReads.push({ code, version });
    return store.procedures.get(code);
  },
  getUnits: async (codes: string[]) => {
    store.unitReads.push(codes);
    return new Map(codes.flatMap((code) => (store.units.has(code) ? [[code, store.units.get(code)!]] : [])));
  },
}));

vi.mock('../../shared/persistence/outbound.ts', () => ({
  markHandedOver: async (hop: unknown, now: Date) => {
    store.handedOver.push({ hop, now });
    return true;
  },
}));

/** The province's signing key and secrets key, as the local runtime keeps them: in files. */
const keys = mkdtempSync(join(tmpdir(), 'motcua-connectors-'));
const province = generateKeyPairSync('ed25519');
writeFileSync(join(keys, 'receipt.jwk'), JSON.stringify(province.privateKey.export({ format: 'jwk' })));
writeFileSync(join(keys, 'secrets.key'), randomBytes(32).toString('base64'));
afterAll(() => rmSync(keys, { recursive: true, force: true }));

const LOCALLY = JSON.stringify({ allowLoopback: true, retryScale: 1, units: {} });

beforeEach(() => {
  process.env[ENV.receiptSigner] = 'file';
  process.env[ENV.receiptKeyFile] = join(keys, 'receipt.jwk');
  process.env[ENV.secretsSealer] = 'file';
  process.env[ENV.secretsKeyFile] = join(keys, 'secrets.key');
  process.env[ENV.connectors] = LOCALLY;
  for (const map of [store.dossiers, store.applications, store.procedures, store.units]) map.clear();
  store.procedureReads.length = 0;
  store.unitReads.length = 0;
  store.handedOver.length = 0;
});

interface Request {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on this machine that records each request and answers `status`. */
async function receiver(status = 204) {
  const received: Request[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method!,
        path: request.url!,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const CODE = '000.00.01.H19-261201-0001';
const NOW = new Date('2026-12-01T03:00:00.000Z');

const event = (type: DossierEvent['type'], data: Record<string, unknown> = {}): DossierEvent => ({
  seq: 4,
  eventId: 'e-4',
  code: CODE,
  type,
  at: '2026-12-01T02:30:00.000Z',
  actor: { sub: 'officer-1', role: 'officer', unit: '000.00.01.H19' },
  fromState: 2,
  toState: 4,
  fromUnit: '000.00.01.H19',
  toUnit: '000.00.00.G12',
  data,
  prevHash: 'a',
  hash: 'b',
});

const delivery = (dossierEvent: DossierEvent, target = 'portal'): Delivery =>
  ({
    target,
    id: 'msg_2Yc7rLx1',
    code: CODE,
    procedureCode: '1.001193',
    event: dossierEvent,
    status: 'pending',
    attempts: [],
    seriesFrom: 0,
    createdAt: '2026-12-01T02:30:01.000Z',
  }) as Delivery;

/** A dossier at the one-stop unit, its application, its procedure and the unit, in the store. */
function storeDossier(patch: Record<string, unknown> = {}) {
  store.dossiers.set(CODE, {
    code: CODE,
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    procedureVersion: 2,
    state: 4,
    currentUnit: '000.00.01.H19',
    submittedAt: '2026-12-01T01:00:00.000Z',
    receivedAt: '2026-12-01T02:00:00.000Z',
    hops: [],
    ...patch,
  });
  store.applications.set(CODE, {
    applicant: { kind: 'citizen', fullName: 'Nguyễn Thị Hoà', phone: '0912345678' },
    components: [{ componentId: 'to-khai', files: [{ fileName: 'a.pdf', size: 10, sha256: 'ab' }] }],
    delivery: { method: 'post', address: 'Số 3, phường Hoà Bình' },
  });
  store.procedures.set('1.001193', {
    code: '1.001193',
    field: { code: 'HT', name: 'Hộ tịch' },
    fees: [{ amount: 8000, note: 'lệ phí' }],
  });
  store.units.set('000.00.01.H19', { code: '000.00.01.H19', name: 'UBND phường Hoà Bình' });
}

describe('the connectors’ settings', () => {
  it('are the runtime’s CONNECTORS, read again when they change', () => {
    const first = connectorSettings();
    expect(first).toEqual({ allowLoopback: true, retryScale: 1, units: {} });
    expect(connectorSettings()).toBe(first);
    process.env[ENV.connectors] = JSON.stringify({ allowLoopback: false, retryScale: 0.01, units: {} });
    expect(connectorSettings()).toEqual({ allowLoopback: false, retryScale: 0.01, units: {} });
  });

  it('are refused to a function that does not use them', () => {
    delete process.env[ENV.connectors];
    expect(() => connectorSettings()).toThrow(
      "CONNECTORS is not set: the function's manifest entry does not use the connectors",
    );
  });
});

describe('a subscription’s secret', () => {
  it('is whsec_ and the base64 of 24 random bytes, a new one each time', () => {
    const [one, two] = [newSecret(), newSecret()];
    expect(one).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(one.slice(6), 'base64')).toHaveLength(24);
    expect(one).not.toBe(two);
  });

  it('is kept sealed, opens for its own subscription only, and one kept before sealing is taken as is', async () => {
    const subscription = { integrator: 'lgsp', id: 'sub_AAAAAAAAAAAAAAAA' };
    const secret = newSecret();
    const sealed = await sealSecret(subscription, secret);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain(secret.slice(6));
    expect(await openSecret(subscription, sealed)).toBe(secret);
    await expect(openSecret({ integrator: 'lgsp', id: 'sub_BBBBBBBBBBBBBBBB' }, sealed)).rejects.toThrow();
    await expect(openSecret({ integrator: 'other', id: 'sub_AAAAAAAAAAAAAAAA' }, sealed)).rejects.toThrow();
    expect(await openSecret(subscription, secret)).toBe(secret);
  });
});

describe('a webhook delivery', () => {
  it('posts the event as Standard Webhooks carries it, signed v1 with every secret in force and v1a', async () => {
    const target = await receiver(202);
    try {
      const [fresh, old] = [newSecret(), newSecret()];
      const owner = { integrator: 'lgsp', id: 'sub_AAAAAAAAAAAAAAAA' };
      // Receivers check the timestamp against their clock: the attempt is made now.
      const at = new Date();
      const overlapEnds = new Date(at.getTime() + 86_400_000).toISOString();
      const subscription: Subscription = {
        ...owner,
        ownerUnit: '000.00.01.H19',
        url: `${target.url}/hooks`,
        eventTypes: ['dossier.receive'],
        secret: await sealSecret(owner, fresh),
        previousSecret: { secret: await sealSecret(owner, old), until: overlapEnds },
        status: 'active',
        createdAt: '2026-11-01T00:00:00Z',
      };
      const sent = delivery(event('receive'), 'webhook:lgsp/sub_AAAAAAAAAAAAAAAA');
      const answer = await webhookConnector(subscription).send(sent, at);
      expect(answer).toEqual({ status: 202, ok: true });
      const [request] = target.received;
      expect(request).toMatchObject({ method: 'POST', path: '/hooks' });
      expect(JSON.parse(request!.body)).toEqual(webhookPayload(sent.event, '1.001193', at));
      const headers = request!.headers as Record<string, string>;
      expect(headers['webhook-id']).toBe('msg_2Yc7rLx1');
      expect(headers['content-type']).toBe('application/json');
      for (const secret of [fresh, old])
        expect(new Webhook(secret).verify(request!.body, headers)).toMatchObject({ type: 'dossier.receive' });
      const jwks = { keys: [province.publicKey.export({ format: 'jwk' })] };
      expect(verifyV1a(headers, request!.body, jwks)).toBe(true);
    } finally {
      await target.close();
    }
  });

  it('signs with the new secret only once the old one’s overlap is over', async () => {
    const target = await receiver();
    try {
      const [fresh, old] = [newSecret(), newSecret()];
      const owner = { integrator: 'lgsp', id: 'sub_AAAAAAAAAAAAAAAA' };
      const subscription = {
        ...owner,
        url: `${target.url}/hooks`,
        secret: await sealSecret(owner, fresh),
        previousSecret: { secret: await sealSecret(owner, old), until: '2026-01-01T00:00:00Z' },
      } as Subscription;
      await webhookConnector(subscription).send(delivery(event('receive')), new Date());
      const [request] = target.received;
      const headers = request!.headers as Record<string, string>;
      expect(new Webhook(fresh).verify(request!.body, headers)).toBeDefined();
      expect(() => new Webhook(old).verify(request!.body, headers)).toThrow();
    } finally {
      await target.close();
    }
  });

  it('goes only where the connectors’ target policy allows', async () => {
    process.env[ENV.connectors] = JSON.stringify({ allowLoopback: false, retryScale: 1, units: {} });
    const owner = { integrator: 'lgsp', id: 'sub_AAAAAAAAAAAAAAAA' };
    const subscription = {
      ...owner,
      url: 'http://127.0.0.1:9/hooks',
      secret: await sealSecret(owner, newSecret()),
    } as Subscription;
    expect(await webhookConnector(subscription).send(delivery(event('receive')), new Date())).toEqual({
      ok: false,
      error: 'refused target: not HTTPS',
    });
  });
});

describe('the signatures of one attempt', () => {
  it('reproduce the published v1 vector, dated in whole seconds, with v1a over the same content', async () => {
    const signedContents: string[] = [];
    const headers = await webhookHeaders(
      ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', at: new Date(1614265330_999), payload: '{"test": 2432232314}' },
      async (content) => {
        signedContents.push(Buffer.from(content).toString());
        return new Uint8Array([1, 2, 3]);
      },
    );
    expect(headers).toEqual({
      'content-type': 'application/json',
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1a,AQID',
    });
    expect(signedContents).toEqual(['msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}']);
  });
});

describe('a signed POST of a connector', () => {
  it('carries the JSON as sent, signed (RFC 9421) with the province’s key under its thumbprint', async () => {
    const target = await receiver(200);
    try {
      const body = { MaHoSo: CODE, TenTTHC: 'Đăng ký khai sinh' };
      expect(await signedPost(`${target.url}/api/nhan?x=1`, body)).toEqual({ status: 200, ok: true });
      const [request] = target.received;
      expect(request!.body).toBe(JSON.stringify(body));
      expect(request!.headers['content-type']).toBe('application/json');
      const verified = await verifySignedRequest(
        {
          method: request!.method,
          url: `${target.url}${request!.path}`,
          headers: request!.headers as Record<string, string>,
          body: Buffer.from(request!.body),
        },
        async (keyid) =>
          keyid === (await keyId())
            ? { keyid, publicKey: province.publicKey.export({ format: 'jwk' }) }
            : undefined,
        { now: new Date(), windowSeconds: 300, skewSeconds: 30 },
      );
      expect(verified.keyid).toBe(await keyId());
    } finally {
      await target.close();
    }
  });
});

/** The national procedure database's stand-in: answers `answer(code)` as JSON, or 404 for nothing. */
async function procedureDatabase(answer: (code: string) => unknown) {
  const asked: { path: string; signed: boolean }[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://x');
    asked.push({
      path: url.pathname,
      signed: Boolean(request.headers.signature && request.headers['signature-input']),
    });
    const body = answer(url.searchParams.get('MaTTHC') ?? '');
    if (body === undefined) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env[ENV.connectors] = JSON.stringify({
    allowLoopback: true,
    retryScale: 1,
    units: {},
    procedureDatabase: { url: `http://127.0.0.1:${port}/tthc` },
  });
  return {
    asked,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const RECORD = {
  MaTTHC: '1.004873',
  TenTTHC: 'Cấp Giấy xác nhận tình trạng hôn nhân',
  ThoiHanGiaiQuyet: 3,
  MucDo: 'toan-trinh',
  PhiLePhi: [{ SoTien: 0 }],
  ThanhPhanHoSo: [{ MaThanhPhan: 'to-khai', TenThanhPhan: 'Tờ khai', BatBuoc: true }],
};

describe('the national procedure database connector', () => {
  it('asks LayThuTuc for a procedure with a signed GET, and takes its record', async () => {
    const database = await procedureDatabase((code) => (code === '1.004873' ? RECORD : undefined));
    try {
      expect(hasProcedureDatabase()).toBe(true);
      expect(await nationalProcedure('1.004873')).toEqual(RECORD);
      expect(database.asked).toEqual([{ path: '/tthc/LayThuTuc', signed: true }]);
      expect(await nationalProcedure('9.999999')).toBeUndefined();
    } finally {
      await database.close();
    }
  });

  it('refuses a record out of its shape, or of another procedure than the one asked for', async () => {
    const database = await procedureDatabase((code) =>
      code === '1.004873' ? { ...RECORD, ThoiHanGiaiQuyet: -1 } : { ...RECORD, MaTTHC: '1.004873' },
    );
    try {
      await expect(nationalProcedure('1.004873')).rejects.toThrow(/in another shape/);
      await expect(nationalProcedure('1.001193')).rejects.toThrow('answered 1.004873 for 1.001193');
    } finally {
      await database.close();
    }
  });

  it('is absent, and says so, where the province names no database', async () => {
    expect(hasProcedureDatabase()).toBe(false);
    await expect(nationalProcedure('1.004873')).rejects.toThrow('no procedure database connector');
  });
});

describe('what the national shape of a dossier is made from', () => {
  it('the dossier and its application as they are now, the procedure as it was then, the unit by name', async () => {
    storeDossier();
    expect(await dossierFacts(CODE, NOW)).toEqual({
      dossier: store.dossiers.get(CODE),
      applicant: { kind: 'citizen', fullName: 'Nguyễn Thị Hoà', phone: '0912345678' },
      components: [{ componentId: 'to-khai', files: [{ fileName: 'a.pdf', size: 10, sha256: 'ab' }] }],
      field: { code: 'HT', name: 'Hộ tịch' },
      fees: [{ amount: 8000, note: 'lệ phí' }],
      unitName: 'UBND phường Hoà Bình',
      // How the result goes back, without the address.
      delivery: { method: 'post' },
    });
    // The text it was filed under, not the catalogue's latest.
    expect(store.procedureReads).toEqual([{ code: '1.001193', version: 2 }]);
    expect(store.unitReads).toEqual([['000.00.01.H19']]);
  });

  it('with no field and no fees when the procedure is gone, and the unit’s code when it has no name', async () => {
    storeDossier();
    store.procedures.clear();
    store.units.clear();
    expect(await dossierFacts(CODE, NOW)).toMatchObject({
      field: { code: '', name: '' },
      fees: [],
      unitName: '000.00.01.H19',
    });
  });

  it('fails when the dossier or its application is gone', async () => {
    storeDossier();
    store.applications.clear();
    await expect(dossierFacts(CODE, NOW)).rejects.toThrow(`dossier ${CODE} is gone`);
    storeDossier();
    store.dossiers.clear();
    await expect(dossierFacts(CODE, NOW)).rejects.toThrow(`dossier ${CODE} is gone`);
  });
});

describe('the national portal', () => {
  it('takes a submission whole (DongBoHoSoMC), under its base URL with or without a final slash', async () => {
    storeDossier();
    const portal = await receiver(200);
    try {
      const facts = await dossierFacts(CODE, NOW);
      for (const base of [`${portal.url}/dvc`, `${portal.url}/dvc/`])
        expect(await nationalPortalConnector(base).send(delivery(event('submit')), NOW), base).toEqual({
          status: 200,
          ok: true,
        });
      expect(target(portal.received)).toEqual([
        { path: '/dvc/DongBoHoSoMC', body: nationalDossier(facts) },
        { path: '/dvc/DongBoHoSoMC', body: nationalDossier(facts) },
      ]);
    } finally {
      await portal.close();
    }
  });

  it('takes every later step as progress (CapNhatTienDoHoSoMC), with the dossier’s record again', async () => {
    storeDossier();
    const portal = await receiver(500);
    try {
      const step = event('transfer', { note: 'chuyển Sở' });
      expect(await nationalPortalConnector(`${portal.url}/dvc`).send(delivery(step), NOW)).toEqual({
        status: 500,
        ok: false,
      });
      const facts = await dossierFacts(CODE, NOW);
      expect(target(portal.received)).toEqual([
        {
          path: '/dvc/CapNhatTienDoHoSoMC',
          body: { ...nationalProgress(step, 'UBND phường Hoà Bình'), HoSo: nationalDossier(facts) },
        },
      ]);
    } finally {
      await portal.close();
    }
  });
});

/** Where each request went and the JSON it carried. */
const target = (received: Request[]) =>
  received.map((request) => ({ path: request.path, body: JSON.parse(request.body) }));

describe('the system of a unit outside the deployment', () => {
  const hop = {
    seq: 4,
    kind: 'transfer',
    fromUnit: '000.00.01.H19',
    toUnit: '000.00.00.G12',
    sentBy: 'officer-1',
    sentAt: '2026-12-01T02:30:00.000Z',
    status: 'queued-external',
    receipt: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln',
  };
  const handoff = delivery(
    event('handoffDelivered', { hop: 4, status: 'queued-external' }),
    'unit:000.00.00.G12',
  );

  it('takes the hop with its signed receipt and the dossier in the national shape; once taken, the hop is handed over', async () => {
    storeDossier({ hops: [{ ...hop, seq: 2, receipt: 'other' }, hop] });
    const unit = await receiver(202);
    try {
      expect(await outsideUnitConnector(`${unit.url}/lien-thong`).send(handoff, NOW)).toEqual({
        status: 202,
        ok: true,
      });
      const handedHop = {
        code: CODE,
        hop: 4,
        fromUnit: '000.00.01.H19',
        toUnit: '000.00.00.G12',
        sentAt: '2026-12-01T02:30:00.000Z',
        receipt: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln',
      };
      expect(target(unit.received)).toEqual([
        {
          path: '/lien-thong',
          body: { hop: handedHop, HoSo: nationalDossier(await dossierFacts(CODE, NOW)) },
        },
      ]);
      expect(store.handedOver).toEqual([{ hop: handedHop, now: NOW }]);
    } finally {
      await unit.close();
    }
  });

  it('leaves the hop queued when the system does not take it', async () => {
    storeDossier({ hops: [hop] });
    const unit = await receiver(503);
    try {
      expect(await outsideUnitConnector(unit.url).send(handoff, NOW)).toEqual({ status: 503, ok: false });
      expect(store.handedOver).toEqual([]);
    } finally {
      await unit.close();
    }
  });

  it('sends nothing for a hop without a receipt, or a dossier without that hop', async () => {
    const unit = await receiver();
    try {
      const { receipt: _, ...unsigned } = hop;
      storeDossier({ hops: [unsigned] });
      await expect(outsideUnitConnector(unit.url).send(handoff, NOW)).rejects.toThrow(
        `hop ${CODE}#4 has no receipt`,
      );
      storeDossier({ hops: [{ ...hop, seq: 3 }] });
      await expect(outsideUnitConnector(unit.url).send(handoff, NOW)).rejects.toThrow(
        `hop ${CODE}#4 has no receipt`,
      );
      store.dossiers.clear();
      await expect(outsideUnitConnector(unit.url).send(handoff, NOW)).rejects.toThrow(/has no receipt/);
      expect(unit.received).toEqual([]);
    } finally {
      await unit.close();
    }
  });
});
