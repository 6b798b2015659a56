import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyV1a } from '../../examples/webhook-verifier.ts';
import {
  DEFAULT_SKEW_SECONDS,
  DEFAULT_WINDOW_SECONDS,
  verifySignedRequest,
} from '../../shared/http/signatures.ts';
import { eventOfDeliveryId, getSubscription } from '../../shared/persistence/deliveries.ts';
import { listOutbound } from '../../shared/persistence/outbound.ts';
import { BIEN_HOA, CENTRE, EXTERNAL_UNIT, journey, TRAN_BIEN } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { integrators } from '../support/integrators.ts';
import { type Json, readJson } from '../support/json.ts';
import { handOver, NationalDossier, NationalProgress, standInFiling } from '../support/national-shape.ts';
import { startReceiver } from '../support/receiver.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime({ standIns: true, idleConsumers: ['countIndicators'] });
const { register, signed } = integrators(api);
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
let jwks: { keys: Json[] };

beforeAll(async () => {
  jwks = await readJson(await api.call('/.well-known/jwks.json'));
});
afterAll(() => Promise.all(receivers.map((one) => one.close())));

/** An integrator owned by `unit`, subscribed to `eventTypes` at a receiver of its own. */
async function subscribed(eventTypes: string[], unit = CENTRE) {
  const receiver = await startReceiver();
  receivers.push(receiver);
  const system = await register(['webhooks:manage'], {}, unit);
  const made = await signed('POST', '/integrations/v1/webhooks', system, {
    url: `${receiver.url}/hooks/${randomUUID()}`,
    eventTypes,
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return { system, subscription: made.body, receiver };
}

describe('signed webhooks (Standard Webhooks)', () => {
  it('reach a receiver that fails five times once, with six attempts in the log, verified v1 and v1a', async () => {
    const { system, subscription, receiver } = await subscribed(['dossier.submit']);
    receiver.failNext(5, 500);
    const { code } = await journey(api).submit();
    const delivered = await eventually(async () => {
      const list = await signed('GET', `/integrations/v1/webhooks/${subscription.id}/deliveries`, system);
      const delivery = list.body.items.find((item: Json) => item.code === code);
      expect(delivery?.status).toBe('delivered');
      return delivery;
    }, 20_000);
    expect(delivered.attempts.map((attempt: Json) => attempt.status)).toEqual([500, 500, 500, 500, 500, 204]);
    const taken = receiver.received.filter(
      (one) => one.headers['webhook-id'] === delivered.id && one.answered === 204,
    );
    expect(taken).toHaveLength(1);
    const [one] = taken;
    const payload = new Webhook(subscription.secret).verify(
      one!.body,
      one!.headers as Record<string, string>,
    );
    expect(payload).toMatchObject({ type: 'dossier.submit', data: { code, step: 'submit', toState: 1 } });
    expect(verifyV1a(one!.headers as Record<string, string>, one!.body, jwks as never)).toBe(true);
    expect(one!.body).not.toMatch(/fullName|idNumber|phone|Nguyễn/);
    // A message to attempt it again (a fan-out repeated after the queue's five-minute
    // deduplication) finds it delivered and sends nothing.
    const event = eventOfDeliveryId(delivered.id)!;
    await api.runtime.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: api.runtime.resources.queues.deliveries!.url,
        MessageBody: JSON.stringify({
          kind: 'attempt',
          target: `webhook:${system.id}/${subscription.id}`,
          ...event,
        }),
        MessageGroupId: code,
        MessageDeduplicationId: randomUUID(),
      }),
    );
    await api.runtime.settled();
    expect(receiver.received.filter((one) => one.headers['webhook-id'] === delivered.id)).toHaveLength(6);
    // Tampered with, neither signature holds.
    const tampered = one!.body.replace('"toState":1', '"toState":2');
    expect(() =>
      new Webhook(subscription.secret).verify(tampered, one!.headers as Record<string, string>),
    ).toThrow();
    expect(verifyV1a(one!.headers as Record<string, string>, tampered, jwks as never)).toBe(false);
  });

  it("deliver one dossier's events in order: while the first is held and then retried, the later ones wait", async () => {
    const { system, subscription, receiver } = await subscribed([
      'dossier.submit',
      'dossier.receive',
      'dossier.startProcessing',
    ]);
    const held = receiver.holdNext();
    const flow = journey(api);
    const { code } = await flow.submit();
    expect(JSON.parse(await held.arrived).data).toMatchObject({ code, seq: 1 });
    await flow.act(code, BIEN_HOA, 'receive');
    await flow.act(code, BIEN_HOA, 'startProcessing');
    // The later events went out to the portal (each fan-out queues the webhook's attempt
    // before the portal's), and the webhook's attempts were made and queued behind the held one.
    await eventually(async () => {
      const portal = (await standIn('national-portal')).filter(
        (item: Json) => item.json.MaHoSo === code && item.answered === 200,
      );
      expect(portal).toHaveLength(3);
      const list = await signed('GET', `/integrations/v1/webhooks/${subscription.id}/deliveries`, system);
      expect(list.body.items.filter((item: Json) => item.code === code)).toHaveLength(3);
    }, 20_000);
    held.answer(503);
    const items = await eventually(async () => {
      const list = await signed('GET', `/integrations/v1/webhooks/${subscription.id}/deliveries`, system);
      const mine = list.body.items.filter((item: Json) => item.code === code);
      expect(mine.map((item: Json) => item.status)).toEqual(['delivered', 'delivered', 'delivered']);
      return mine;
    }, 20_000);
    // Nothing of that dossier overtook the held one.
    const order = receiver.received
      .filter((one) => one.answered === 204 && one.body.includes(code))
      .map((one) => JSON.parse(one.body).data.seq);
    expect(order).toEqual([1, 2, 3]);
    // The held one failed once (503, or cut at its deadline on a slow machine), then went.
    expect(items.at(-1).attempts.map((attempt: Json) => attempt.ok)).toEqual([false, true]);
  });

  it('a receiver that trickles its answer holds back no other target: the national portal gets the dossier meanwhile', async () => {
    const { system, subscription, receiver } = await subscribed(['dossier.submit']);
    const slow = receiver.trickleNext();
    const { code } = await journey(api).submit();
    expect(JSON.parse(await slow.arrived).data).toMatchObject({ code });
    await eventually(async () => {
      const portal = (await standIn('national-portal')).filter(
        (item: Json) => item.json.MaHoSo === code && item.answered === 200,
      );
      expect(portal).toHaveLength(1);
    }, 20_000);
    // All the while the webhook's attempt was still going.
    expect(slow.isOpen()).toBe(true);
    slow.finish();
    await slow.closed;
    await eventually(async () => {
      const list = await signed('GET', `/integrations/v1/webhooks/${subscription.id}/deliveries`, system);
      expect(list.body.items.find((item: Json) => item.code === code)?.status).toBe('delivered');
    });
  });

  it('keep the secret sealed in the table, and rotate it: for a day both the old and the new one sign', async () => {
    const { system, subscription, receiver } = await subscribed(['dossier.submit']);
    const stored = await getSubscription(system.id, subscription.id);
    expect(stored!.secret).toMatch(/^env1\./);
    expect(stored!.secret).not.toContain(subscription.secret.slice('whsec_'.length, 20));
    const rotated = await signed('POST', `/integrations/v1/webhooks/${subscription.id}/secret`, system);
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(subscription.secret);
    expect(Date.parse(rotated.body.previousSecretUntil) - Date.now()).toBeGreaterThan(23 * 3600_000);
    const after = await getSubscription(system.id, subscription.id);
    expect(JSON.stringify(after)).not.toContain(rotated.body.secret);
    expect(JSON.stringify(after)).not.toContain(subscription.secret);
    const { code } = await journey(api).submit();
    const one = await eventually(async () => {
      const got = receiver.received.find((item) => item.body.includes(code) && item.answered === 204);
      expect(got).toBeDefined();
      return got!;
    }, 20_000);
    const headers = one.headers as Record<string, string>;
    expect(new Webhook(rotated.body.secret).verify(one.body, headers)).toMatchObject({ data: { code } });
    expect(new Webhook(subscription.secret).verify(one.body, headers)).toMatchObject({ data: { code } });
    const unknown = await signed('POST', '/integrations/v1/webhooks/sub_AAAAAAAAAAAAAAAA/secret', system);
    expect(unknown.status).toBe(404);
  });

  it('replay a delivery on request: the same webhook-id again, its attempt logged', async () => {
    const { system, subscription, receiver } = await subscribed(['dossier.submit']);
    const { code } = await journey(api).submit();
    const first = await eventually(async () => {
      const list = await signed('GET', `/integrations/v1/webhooks/${subscription.id}/deliveries`, system);
      const delivery = list.body.items.find((item: Json) => item.code === code);
      expect(delivery?.status).toBe('delivered');
      return delivery;
    });
    const replayed = await signed(
      'POST',
      `/integrations/v1/webhooks/${subscription.id}/deliveries/${first.id}/replay`,
      system,
    );
    expect(replayed.status, JSON.stringify(replayed.body)).toBe(202);
    await eventually(async () => {
      const list = await signed('GET', `/integrations/v1/webhooks/${subscription.id}/deliveries`, system);
      const delivery = list.body.items.find((item: Json) => item.id === first.id);
      expect(delivery.attempts).toHaveLength(2);
      expect(delivery.status).toBe('delivered');
    });
    expect(receiver.received.filter((one) => one.headers['webhook-id'] === first.id)).toHaveLength(2);
    const unknown = await signed(
      'POST',
      `/integrations/v1/webhooks/${subscription.id}/deliveries/msg_bm90LWEtZGVsaXZlcnk/replay`,
      system,
    );
    expect(unknown.status).toBe(404);

    const ended = await signed('DELETE', `/integrations/v1/webhooks/${subscription.id}`, system);
    expect(ended.status).toBe(204);
    expect((await signed('GET', '/integrations/v1/webhooks', system)).body.items).toEqual([]);
    const before = receiver.received.length;
    await journey(api).submit();
    await api.runtime.settled();
    expect(receiver.received).toHaveLength(before);
    expect((await signed('DELETE', `/integrations/v1/webhooks/${subscription.id}`, system)).status).toBe(404);
  });

  it('pause a subscription whose receiver fails through the whole schedule, tell its owner, hold, and resume', async () => {
    const { system, subscription, receiver } = await subscribed(
      ['dossier.submit', 'dossier.receive'],
      BIEN_HOA,
    );
    receiver.failNext(8, 502);
    const flow = journey(api);
    const { code } = await flow.submit();
    await eventually(async () => {
      const list = await signed('GET', '/integrations/v1/webhooks', system);
      expect(list.body.items[0]).toMatchObject({ id: subscription.id, status: 'paused' });
    }, 20_000);
    const log = await signed('GET', `/integrations/v1/webhooks/${subscription.id}/deliveries`, system);
    const failed = log.body.items.find((item: Json) => item.code === code);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed.attempts).toHaveLength(8);
    const told = await eventually(async () => {
      const inbox = await readJson(await api.call('/me/notifications', { as: 'officer', unit: BIEN_HOA }));
      const notice = inbox.items.find((item: Json) => item.kind === 'webhook-paused' && item.code === code);
      expect(notice).toBeDefined();
      return notice;
    });
    expect(told.text).toContain(subscription.id);

    await flow.act(code, BIEN_HOA, 'receive');
    await eventually(async () => {
      const list = await signed('GET', `/integrations/v1/webhooks/${subscription.id}/deliveries`, system);
      expect(list.body.items.map((item: Json) => item.status)).toEqual(['held', 'failed']);
    });
    const resumed = await signed('POST', `/integrations/v1/webhooks/${subscription.id}/resume`, system);
    expect(resumed).toMatchObject({ status: 200, body: { status: 'active' } });
    await eventually(async () => {
      const list = await signed('GET', `/integrations/v1/webhooks/${subscription.id}/deliveries`, system);
      expect(list.body.items.map((item: Json) => item.status)).toEqual(['delivered', 'delivered']);
    }, 20_000);
    const order = receiver.received
      .filter((one) => one.answered === 204 && one.body.includes(code))
      .map((one) => JSON.parse(one.body).type);
    expect(order).toEqual(['dossier.submit', 'dossier.receive']);
  });

  it('refuse targets that are not public HTTPS addresses, subscribing nothing', async () => {
    const system = await register(['webhooks:manage']);
    for (const url of [
      'http://203.0.114.7/hook',
      'https://10.0.0.8/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://192.168.1.20/hook',
      'https://[fd00::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://user:pass@example.com/hook',
      'https://name.invalid/hook',
    ]) {
      const refused = await signed('POST', '/integrations/v1/webhooks', system, {
        url,
        eventTypes: ['dossier.submit'],
      });
      expect(refused.status, url).toBe(422);
      expect(refused.body).toMatchObject({ type: 'urn:motcua:problem:target-refused' });
    }
    const bad = await signed('POST', '/integrations/v1/webhooks', system, {
      url: 'x',
      eventTypes: ['dossier.nope'],
    });
    expect(bad.status).toBe(400);
    expect((await signed('GET', '/integrations/v1/webhooks', system)).body.items).toEqual([]);
  });
});

/** What a stand-in system of the local runtime was sent, each body also parsed. */
async function standIn(name: string): Promise<Json[]> {
  const { items } = await readJson(await api.call(`/dev/receivers/${name}?limit=500`));
  return items.map((item: Json) => ({ ...item, json: JSON.parse(item.body) }));
}

describe('the national portal connector', () => {
  it('synchronises a dossier handed between units once, as one dossier: its hops are progress', async () => {
    const pushes = async () =>
      (await standIn('national-portal')).filter((item: Json) => item.operation === 'DongBoHoSoMC');
    const before = (await pushes()).length;
    const flow = journey(api);
    const { code } = await flow.submit(await flow.landApplication());
    await flow.act(code, CENTRE, 'receive');
    await flow.act(code, CENTRE, 'startProcessing');
    await flow.act(code, CENTRE, 'transfer', { toUnit: TRAN_BIEN });
    expect(await flow.landed(code)).toMatchObject({ currentUnit: TRAN_BIEN });
    await api.runtime.settled();
    const pushed = (await pushes()).slice(0, -before || undefined);
    expect(
      pushed.filter((item: Json) => item.answered === 200).map((item: Json) => item.json.MaHoSo),
    ).toEqual([code]);
    const steps = (await standIn('national-portal')).filter(
      (item: Json) =>
        item.operation === 'CapNhatTienDoHoSoMC' && item.json.MaHoSo === code && item.answered === 200,
    );
    // Reception, processing, the hop and its landing at the commune: each once, as progress.
    expect(steps).toHaveLength(4);
    expect(steps.map((item: Json) => item.json.NoiDungXuLy.split(':')[0]).sort()).toEqual(
      ['Tiếp nhận hồ sơ', 'Chuyển xử lý', 'Chuyển liên thông', 'Đơn vị nhận hồ sơ liên thông'].sort(),
    );
  });

  it('never pushes a dossier the portal filed as a new one: its steps go as progress under the portal’s code', async () => {
    const portal = api.runtime.portal!;
    const receiver = await startReceiver();
    receivers.push(receiver);
    const hook = await signed('POST', '/integrations/v1/webhooks', portal, {
      url: `${receiver.url}/hooks/${randomUUID()}`,
      eventTypes: ['dossier.receive'],
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const filing = standInFiling();
    const filed = await handOver(api, filing);
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const { code } = filed.body;
    // Its file fetched and scanned first, it is then received.
    await api.runtime.settled();
    await journey(api).act(code, BIEN_HOA, 'receive');
    const mine = (item: Json) => [code, filing.MaHoSo].includes(item.json.MaHoSo ?? item.json.HoSo?.MaHoSo);
    const progress = await eventually(async () => {
      const steps = (await standIn('national-portal')).filter(
        (item: Json) => mine(item) && item.operation === 'CapNhatTienDoHoSoMC' && item.answered === 200,
      );
      // The files' check, then the reception.
      expect(steps).toHaveLength(2);
      return steps.find((item: Json) => item.json.TrangThai === 2);
    }, 20_000);
    expect(NationalProgress.parse(progress.json)).toMatchObject({ MaHoSo: filing.MaHoSo, TrangThai: 2 });
    expect(progress.json.HoSo.MaHoSo).toBe(filing.MaHoSo);
    // The webhook of the same step names the portal's code beside the local one.
    const sent = await eventually(async () => {
      const one = receiver.received.find((item) => item.answered === 204);
      expect(one).toBeDefined();
      return JSON.parse(one!.body);
    }, 20_000);
    expect(sent.data).toMatchObject({ code, MaHoSo: filing.MaHoSo, step: 'receive' });
    // The fan-out of both steps is done (the sync view counts them): nothing else is on its way.
    await api.runtime.settled();
    const everything = (await standIn('national-portal')).filter(mine);
    expect(everything.filter((item: Json) => item.operation === 'DongBoHoSoMC')).toEqual([]);
    expect(everything.every((item: Json) => item.json.MaHoSo === filing.MaHoSo)).toBe(true);
  });

  it('pushes a submission whole and each step as progress, in the national shape, signed and retried', async () => {
    await api.call('/dev/failures/national-portal', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ times: 1, status: 503 }),
    });
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    const received = await eventually(async () => {
      const mine = (await standIn('national-portal')).filter((item: Json) => item.json.MaHoSo === code);
      expect(mine.filter((item: Json) => item.answered === 200)).toHaveLength(2);
      return mine.reverse();
    }, 20_000);
    const push = received.find((item: Json) => item.operation === 'DongBoHoSoMC' && item.answered === 200);
    expect(NationalDossier.parse(push.json)).toMatchObject({
      MaHoSo: code,
      TrangThaiHoSo: expect.any(Number),
    });
    const progress = received.find((item: Json) => item.operation === 'CapNhatTienDoHoSoMC');
    expect(NationalProgress.parse(progress.json)).toMatchObject({ MaHoSo: code, TrangThai: 2 });
    expect(progress.json.HoSo.NgayTiepNhan).toMatch(/\+07:00$/);
    // The first push was refused once and sent again.
    expect(
      received.filter((item: Json) => item.operation === 'DongBoHoSoMC').map((item: Json) => item.answered),
    ).toContain(503);

    const key = jwks.keys[0]!;
    const verified = await verifySignedRequest(
      {
        method: 'POST',
        url: `${api.url}/dev/receivers/national-portal/DongBoHoSoMC`,
        headers: push.headers,
        body: Buffer.from(push.body),
      },
      async (keyid) => (keyid === key.kid ? { keyid, publicKey: key } : undefined),
      { now: new Date(), windowSeconds: DEFAULT_WINDOW_SECONDS, skewSeconds: DEFAULT_SKEW_SECONDS },
    );
    expect(verified.keyid).toBe(key.kid);

    const sync = await readJson(await api.call(`/dossiers/${code}/sync`, { as: 'officer', unit: BIEN_HOA }));
    expect(sync.targets.find((target: Json) => target.target === 'portal')).toMatchObject({
      status: 'synced',
      events: 2,
      delivered: 2,
    });
  });

  it('says, per dossier, when the portal refused it through the whole schedule, and why', async () => {
    await api.call('/dev/failures/national-portal', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ times: 8, status: 503 }),
    });
    const { code } = await journey(api).submit();
    const sync = await eventually(async () => {
      const answer = await readJson(
        await api.call(`/dossiers/${code}/sync`, { as: 'officer', unit: BIEN_HOA }),
      );
      expect(answer.targets[0]?.status).toBe('failed');
      return answer;
    }, 20_000);
    expect(sync.targets[0]).toMatchObject({
      target: 'portal',
      events: 1,
      delivered: 0,
      reason: 'answered 503',
    });
    const stranger = await api.call(`/dossiers/${code}/sync`, { as: 'officer', unit: '000.01.30.H19' });
    expect(stranger.status).toBe(404);
  });
});

describe('the health of each target', () => {
  const portal = async () => {
    const response = await api.call('/sync/health', { as: 'officer', unit: BIEN_HOA });
    expect(response.status).toBe(200);
    return (await readJson(response)).targets.find((target: Json) => target.target === 'portal');
  };
  const failNext = (times: number) =>
    api.call('/dev/failures/national-portal', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ times, status: 503 }),
    });

  it('counts deliveries exactly through failures and recovery, for staff, and the share failed for the public', async () => {
    await api.runtime.settled();
    const before = await portal();
    await failNext(2);
    const flow = journey(api);
    const { code } = await flow.submit();
    await api.runtime.settled();
    // Refused twice, then taken: one delivery, counted once, and the last error kept.
    const recovered = await portal();
    expect(recovered).toMatchObject({
      delivered: before.delivered + 1,
      pending: before.pending,
      failed: before.failed,
      lastError: { reason: 'answered 503' },
    });
    expect(recovered.averageLagSeconds).toBeGreaterThanOrEqual(0);

    // Refused through the whole schedule: failed, and the public page says what share failed.
    await failNext(8);
    await flow.act(code, BIEN_HOA, 'receive');
    await api.runtime.settled();
    const failed = await portal();
    expect(failed).toMatchObject({
      delivered: before.delivered + 1,
      failed: before.failed + 1,
      pending: before.pending,
    });
    const share = failed.failed / (failed.delivered + failed.failed);
    expect(failed.failedShare).toBeCloseTo(share, 4);
    const page = await (await api.call('/cong-khai?lang=en')).text();
    expect(page).toContain(`<td class="n" data-sync-failed>${(share * 100).toFixed(2)}%</td>`);
    const citizen = await api.call('/sync/health', { as: 'citizen' });
    expect(citizen.status).toBe(403);
  });
});

describe('the connector of a unit outside the deployment', () => {
  it('carries a hop with its receipt and the dossier to the unit’s system, and marks it handed over', async () => {
    const flow = journey(api);
    const { code } = await flow.submit(await flow.landApplication());
    await flow.act(code, CENTRE, 'receive');
    await flow.act(code, CENTRE, 'startProcessing');
    await flow.act(code, CENTRE, 'transfer', { toUnit: EXTERNAL_UNIT });
    const system = `unit-${EXTERNAL_UNIT.toLowerCase()}`;
    const carried = await eventually(async () => {
      const mine = (await standIn(system)).find((item: Json) => item.json.hop?.code === code);
      expect(mine).toBeDefined();
      return mine;
    }, 20_000);
    expect(carried.json.hop).toMatchObject({
      code,
      fromUnit: CENTRE,
      toUnit: EXTERNAL_UNIT,
      receipt: expect.any(String),
    });
    expect(NationalDossier.parse(carried.json.HoSo).MaHoSo).toBe(code);
    await eventually(async () => {
      const entry = (await listOutbound(EXTERNAL_UNIT, 1000)).find((one) => one.code === code);
      expect(entry?.status).toBe('handed-over');
    });
  });
});
