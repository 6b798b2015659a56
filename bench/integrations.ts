import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalRuntime } from '../infra/local/runtime.ts';
import type { Delivery, Target } from '../shared/domain/deliveries.ts';
import type { DossierEvent } from '../shared/domain/dossier-events.ts';
import { signRequest } from '../shared/http/signatures.ts';
import { createDelivery, deliveryId } from '../shared/persistence/deliveries.ts';
import type { DeliveryMessage } from '../shared/services/delivery-queue.ts';
import { compare, type Message } from './consumers.ts';
import { closedLoop, combine, type LoadResult, round } from './stats.ts';
import { postJson, submission, uploadDeclaration } from './writes.ts';

export interface IntegrationFigures {
  signed: LoadResult;
  unsigned: LoadResult;
  /** Signed p50 ÷ unsigned p50 (goal ≤ 1.2). */
  p50Ratio: number;
  webhooks: {
    deliveries: number;
    /** Attempts drained by the webhooks' consumer, each a 2xx at the receiver. */
    deliveriesPerSecond: number;
    /** The same queue drained by a consumer that does nothing. */
    consumerBaselinePerSecond: number;
    /** The same receiver taking plain POSTs from two loops (the consumer's concurrency). */
    receiverPostsPerSecond: number;
    ratio: number;
  };
  /** A dossier in from the portal with two small files, to "received, files clean": milliseconds. */
  frontDoor: { dossiers: number; p50: number; p90: number };
}

interface Signer {
  integrator: string;
  keyid: string;
  privateKey: KeyObject;
}

/** Registers an integrator with every scope and a key, as an administrator. */
async function integrator(runtime: LocalRuntime): Promise<Signer> {
  const admin = await runtime.issuer.sign({ role: 'admin', sub: 'bench-admin' });
  const id = `bench-${randomUUID().slice(0, 8)}`;
  await postJson(runtime, '/admin/integrators', admin, {
    id,
    name: 'Bench',
    unit: '000.00.01.H19',
    scopes: ['dossiers:submit', 'dossiers:read', 'webhooks:manage'],
  });
  // The load is the point here, not the integrator's own rate (600 a minute by default).
  const raised = await fetch(`${runtime.url}/admin/integrators/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ requestsPerMinute: 100_000 }),
  });
  if (!raised.ok) throw new Error(`raising the bench integrator's rate: ${raised.status}`);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const { kty, crv, x } = publicKey.export({ format: 'jwk' });
  const key = (await postJson(runtime, `/admin/integrators/${id}/keys`, admin, {
    publicKey: { kty, crv, x },
  })) as unknown as { keyid: string };
  return { integrator: id, keyid: key.keyid, privateKey };
}

async function signedFetch(
  runtime: LocalRuntime,
  signer: Signer,
  method: string,
  path: string,
  body?: unknown,
) {
  const url = `${runtime.url}${path}`;
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers = await signRequest(
    {
      method,
      url,
      ...(text ? { body: Buffer.from(text), headers: { 'content-type': 'application/json' } } : {}),
    },
    signer,
  );
  const response = await fetch(url, { method, headers, ...(text ? { body: text } : {}) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  if (response.status === 204) return {};
  return response.json() as Promise<Record<string, unknown>>;
}

/** A small PDF, as the portal's stand-in serves it. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * The national portal's stand-in as the filer: its key, its rate raised for the load, and
 * the files it serves for the dossiers it hands over (`count` of them, named by address).
 */
async function portalFiler(
  runtime: LocalRuntime,
  files = 1,
): Promise<{ signer: Signer; TaiLieuNop: unknown[] }> {
  if (!runtime.portal) throw new Error('the runtime runs no national portal stand-in');
  const admin = await runtime.issuer.sign({ role: 'admin', sub: 'bench-admin' });
  const raised = await fetch(`${runtime.url}/admin/integrators/${runtime.portal.integrator}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ requestsPerMinute: 100_000 }),
  });
  if (!raised.ok) throw new Error(`raising the portal's rate: ${raised.status}`);
  const components = ['to-khai', 'giay-uy-quyen'].slice(0, files).map((component, index) => ({
    MaThanhPhanHoSo: component,
    TepDinhKem: [
      {
        TenTepDinhKem: `${component}.pdf`,
        NoiDung: Buffer.concat([PDF, Buffer.from(`% ${index}\n`)]).toString('base64'),
      },
    ],
  }));
  const served = await fetch(`${runtime.url}/dev/portal/files`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ TaiLieuNop: components }),
  });
  if (!served.ok) throw new Error(`the portal's stand-in would not hold the files: ${served.status}`);
  const { TaiLieuNop } = (await served.json()) as { TaiLieuNop: unknown[] };
  return { signer: runtime.portal, TaiLieuNop };
}

const channelDossier = (reference: string, TaiLieuNop: unknown[]) => ({
  MaHoSo: reference,
  MaTTHC: '1.004873',
  LoaiDoiTuong: 1,
  ChuHoSo: 'Trần Văn Bình',
  SoGiayToChuHoSo: '075190004321',
  NgaySinh: '1988-02-11',
  DiaChiChuHoSo: 'Số 5, đường Đồng Khởi, phường Biên Hòa, tỉnh Đồng Nai',
  SoDienThoai: '0987654321',
  DuLieuBieuMau: { purpose: 'Đăng ký kết hôn', previousMarriage: false },
  TaiLieuNop,
});

/**
 * A signed read through the gateway against the same dossier read unsigned (the officer's
 * GET /dossiers/{code}, with a token), in alternating rounds; each signed request is signed
 * before its timer starts, as a client would. Then webhook deliveries per second to a
 * receiver on this machine, against what the receiver takes from plain POSTs.
 */
export async function measureIntegrations(
  runtime: LocalRuntime,
  connections: number,
  seconds: number,
  deliveries: number,
): Promise<IntegrationFigures> {
  const signer = await integrator(runtime);
  const portal = await portalFiler(runtime);
  const { code } = (await signedFetch(
    runtime,
    portal.signer,
    'POST',
    '/integrations/v1/dossiers',
    channelDossier(`B-${randomUUID()}`, portal.TaiLieuNop),
  )) as {
    code: string;
  };
  const officer = await runtime.issuer.sign({ role: 'officer', sub: 'bench-officer', unit: '000.02.30.H19' });
  const signedUrl = `${runtime.url}/integrations/v1/dossiers/${code}`;
  const signedRead = async () => {
    const headers = await signRequest({ method: 'GET', url: signedUrl }, signer);
    const started = performance.now();
    const response = await fetch(signedUrl, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`signed read: ${response.status}`);
    return performance.now() - started;
  };
  const unsignedRead = async () => {
    const started = performance.now();
    const response = await fetch(`${runtime.url}/dossiers/${code}`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`unsigned read: ${response.status}`);
    return performance.now() - started;
  };
  await closedLoop(signedRead, connections, 2);
  await closedLoop(unsignedRead, connections, 2);
  const rounds = 4;
  const signedRounds: LoadResult[] = [];
  const unsignedRounds: LoadResult[] = [];
  for (let round = 0; round < rounds; round += 1) {
    signedRounds.push(await timedLoop(signedRead, connections, seconds / rounds));
    unsignedRounds.push(await timedLoop(unsignedRead, connections, seconds / rounds));
  }
  const signed = combine(signedRounds);
  const unsigned = combine(unsignedRounds);
  return {
    signed,
    unsigned,
    p50Ratio: round(signed.p50 / Math.max(unsigned.p50, 0.01)),
    webhooks: await measureWebhooks(runtime, signer, deliveries),
    frontDoor: await measureFrontDoor(runtime),
  };
}

/** closedLoop, but timing only what `call` says it took (signing stays out). */
async function timedLoop(
  call: () => Promise<number>,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const took: number[] = [];
  const result = await closedLoop(async () => took.push(await call()), connections, seconds);
  took.sort((a, b) => a - b);
  return {
    ...result,
    p50: round(took[Math.floor(took.length / 2)] ?? 0),
    p99: round(took[Math.min(took.length - 1, Math.floor(took.length * 0.99))] ?? 0),
  };
}

/**
 * Webhook deliveries per second with the consumer as deployed (`sendWebhooks`: its batches, its
 * concurrency, its reads and writes): `count` deliveries recorded pending, as the fan-out leaves
 * them, their attempts drained from a fresh queue of the same kind against a consumer that does
 * nothing, and against what the receiver takes from plain POSTs.
 */
async function measureWebhooks(runtime: LocalRuntime, signer: Signer, count: number) {
  let arrived = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrived += 1;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  let subscribed: string | undefined;
  try {
    const posts = await plainPosts(receiver, 2, 2);
    arrived = 0;
    const subscription = (await signedFetch(runtime, signer, 'POST', '/integrations/v1/webhooks', {
      url: receiver,
      eventTypes: ['dossier.submit'],
    })) as { id: string };
    subscribed = subscription.id;
    const target = `webhook:${signer.integrator}/${subscription.id}` as const;
    const attempts = await pendingDeliveries(target, count);
    const consumer = await compare(runtime, 'sendWebhooks', attempts);
    if (arrived !== count) throw new Error(`webhooks: ${arrived} of ${count} delivered`);
    return {
      deliveries: count,
      deliveriesPerSecond: consumer.messagesPerSecond,
      consumerBaselinePerSecond: consumer.baselinePerSecond,
      receiverPostsPerSecond: posts,
      ratio: round(consumer.messagesPerSecond / posts, 3),
    };
  } finally {
    // Ended, so that the benches after this one do not send to a receiver that is gone.
    if (subscribed) await signedFetch(runtime, signer, 'DELETE', `/integrations/v1/webhooks/${subscribed}`);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Deliveries to `target` recorded pending, one per dossier, and the messages that attempt them. */
async function pendingDeliveries(target: Target, count: number): Promise<Message[]> {
  const run = randomUUID().slice(0, 6);
  const at = new Date().toISOString();
  const messages: Message[] = [];
  for (let one = 0; one < count; one += 1) {
    const code = `000.02.30.H19-261208-${String(one + 1).padStart(4, '0')}${run}`;
    const event: DossierEvent = {
      seq: 1,
      eventId: randomUUID(),
      code,
      type: 'submit',
      at,
      actor: { sub: 'bench', role: 'citizen' },
      toState: 1,
      toUnit: '000.02.30.H19',
      data: {},
      prevHash: 'bench',
      hash: 'bench',
    };
    const delivery: Delivery = {
      target,
      id: deliveryId(event),
      code,
      procedureCode: '1.004873',
      event,
      status: 'pending',
      attempts: [],
      seriesFrom: 0,
      createdAt: at,
    };
    await createDelivery(delivery);
    const message: DeliveryMessage = { kind: 'attempt', target, at, eventId: event.eventId };
    messages.push({ body: message, group: `${target}|${code}` });
  }
  return messages;
}

/** Plain POSTs of a webhook-sized body to the receiver, from `loops` loops for `seconds`. */
async function plainPosts(url: string, loops: number, seconds: number): Promise<number> {
  const body = JSON.stringify({ type: 'dossier.submit', data: { code: '000.02.30.H19-261127-0001' } });
  const result = await closedLoop(
    async () => {
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      await response.arrayBuffer();
    },
    loops,
    seconds,
  );
  return result.requestsPerSecond;
}

/**
 * A dossier handed over by the portal with two small files, from the filing request to the
 * dossier out of "receiving files" with both clean (fetched, hashed, scanned, moved): one at a
 * time, so that each figure is the path's own, polled every 20 ms.
 */
async function measureFrontDoor(runtime: LocalRuntime, dossiers = 20) {
  const portal = await portalFiler(runtime, 2);
  const officer = await runtime.issuer.sign({ role: 'officer', sub: 'bench-officer', unit: '000.02.30.H19' });
  const took: number[] = [];
  for (let one = 0; one < dossiers; one += 1) {
    const started = performance.now();
    const { code } = (await signedFetch(
      runtime,
      portal.signer,
      'POST',
      '/integrations/v1/dossiers',
      channelDossier(`F-${randomUUID().slice(0, 12)}`, portal.TaiLieuNop),
    )) as { code: string };
    for (;;) {
      const dossier = (await (
        await fetch(`${runtime.url}/dossiers/${code}`, { headers: { authorization: `Bearer ${officer}` } })
      ).json()) as { sub: string; channelFiles?: Record<string, { status: string }> };
      if (dossier.sub !== 'receiving-files') {
        const clean = Object.values(dossier.channelFiles ?? {}).filter((file) => file.status === 'clean');
        if (clean.length !== 2)
          throw new Error(`front door: ${code} came out with ${clean.length} clean files`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    took.push(performance.now() - started);
  }
  took.sort((a, b) => a - b);
  return {
    dossiers,
    p50: round(took[Math.floor(took.length / 2)]!),
    p90: round(took[Math.floor(took.length * 0.9)]!),
  };
}

export interface IsolationFigures {
  dossiers: number;
  /** The portal's p50 lag (event to 2xx) of dossiers submitted with no other target. */
  quietP50Ms: number;
  /** The same, while a webhook of the same events answers each delivery after `slowMs`. */
  beside: { slowMs: number; p50Ms: number };
  ratio: number;
}

/**
 * Whether a slow receiver delays another target: the national portal's lag (from each
 * submission's event to the portal's 2xx, as the deliveries record it) for dossiers submitted
 * with the portal alone, then with a webhook of the same events that takes `slowMs` to answer.
 */
export async function measureIsolation(
  runtime: LocalRuntime,
  dossiers = 30,
  slowMs = 2_000,
): Promise<IsolationFigures> {
  const signer = await integrator(runtime);
  const citizen = await runtime.issuer.sign({ role: 'citizen', sub: 'bench-isolation' });
  const quiet = await portalLagP50(runtime, await submitMany(runtime, citizen, dossiers));
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => setTimeout(() => response.writeHead(204).end(), slowMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { id } = (await signedFetch(runtime, signer, 'POST', '/integrations/v1/webhooks', {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`,
    eventTypes: ['dossier.submit'],
  })) as { id: string };
  try {
    const beside = await portalLagP50(runtime, await submitMany(runtime, citizen, dossiers));
    return {
      dossiers,
      quietP50Ms: quiet,
      beside: { slowMs, p50Ms: beside },
      ratio: round(beside / Math.max(quiet, 1)),
    };
  } finally {
    await signedFetch(runtime, signer, 'DELETE', `/integrations/v1/webhooks/${id}`);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function submitMany(runtime: LocalRuntime, citizen: string, count: number): Promise<Set<string>> {
  const codes = new Set<string>();
  for (let at = 0; at < count; at += 5) {
    await Promise.all(
      Array.from({ length: Math.min(5, count - at) }, async () => {
        const file = await uploadDeclaration(runtime, citizen);
        const { code } = await postJson(runtime, '/dossiers', citizen, submission(file), {
          'idempotency-key': randomUUID(),
        });
        codes.add(code);
      }),
    );
  }
  return codes;
}

/** Once everything set off is done: the p50 of the portal's lag over these dossiers' submissions. */
async function portalLagP50(runtime: LocalRuntime, codes: Set<string>): Promise<number> {
  await runtime.settled(600_000);
  const documents = DynamoDBDocumentClient.from(runtime.clients.dynamodb);
  const lags: number[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: runtime.resources.tableName,
        KeyConditionExpression: 'pk = :pk AND sk >= :first',
        ExpressionAttributeValues: { ':pk': 'SEND#portal', ':first': '0' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      if (!codes.has(item.code) || item.event.type !== 'submit' || !item.deliveredAt) continue;
      lags.push(Date.parse(item.deliveredAt) - Date.parse(item.event.at));
    }
    start = page.LastEvaluatedKey;
  } while (start);
  if (lags.length < codes.size)
    throw new Error(`isolation: ${lags.length} of ${codes.size} pushes delivered`);
  lags.sort((a, b) => a - b);
  return round(lags[Math.floor(lags.length / 2)]!);
}
