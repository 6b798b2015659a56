import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import type { Manifest } from '../../shared/manifest-types.ts';
import { documents } from '../../shared/persistence/client.ts';
import { claim, completion } from '../../shared/persistence/idempotency.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

/** Without the notification consumers, so that the tests own the queues. */
const { routeNotifications: _route, deliverNotifications: _deliver, ...withoutConsumers } = manifest;
const testManifest: Manifest = {
  ...withoutConsumers,
  publishEvents: { ...manifest.publishEvents, entry: 'test/support/fixtures/flaky-outbox.ts' },
};
const api = useRuntime({ manifest: testManifest });

/** Reads the queue until every expected event has arrived, then one more empty read. */
async function drain(queueUrl: string, expected: readonly string[], timeoutMs = 60_000) {
  const bodies: { eventId: string; code: string; seq: number }[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { Messages = [] } = await api.runtime.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 300,
      }),
    );
    bodies.push(...Messages.map((message) => JSON.parse(message.Body!)));
    const seen = new Set(bodies.map((body) => body.eventId));
    if (expected.every((id) => seen.has(id)) && Messages.length === 0) break;
  }
  return bodies;
}

describe('consistency of dossiers under concurrency, retries and failures', () => {
  it('20 concurrent conflicting actions: exactly one wins, the rest get 409, the chain stays valid', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    const version = (await flow.get(code)).version;
    const actions = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'receive' : 'refuse'));
    const responses = await Promise.all(
      actions.map((action) =>
        api.call(`/dossiers/${code}/actions/${action}`, {
          method: 'POST',
          as: 'officer',
          unit: BIEN_HOA,
          headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
          body: JSON.stringify(action === 'refuse' ? { reason: 'Thiếu giấy tờ' } : {}),
        }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    const losers = await Promise.all(responses.filter((response) => response.status !== 200).map(readJson));
    // Every loser is told the one thing a retry after reading again can fix.
    expect(losers.map((problem) => problem.type)).toEqual(Array(19).fill('urn:motcua:problem:stale-version'));
    const history = await readJson(
      await api.call(`/dossiers/${code}/history`, { as: 'citizen', sub: flow.citizen }),
    );
    expect(history.verification).toMatchObject({ valid: true, length: 2 });
  });

  it('50 parallel submissions with one Idempotency-Key: one dossier, the same answer each time', async () => {
    const flow = journey(api);
    const key = randomUUID();
    const body = JSON.stringify(await flow.application());
    const send = () =>
      api.call('/dossiers', {
        method: 'POST',
        as: 'citizen',
        sub: flow.citizen,
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body,
      });
    // A request that waited its share for the first one is told to send again (409 with
    // Retry-After), as a loaded machine may make it; a client following the contract does.
    const untilAnswered = async (): Promise<{ status: number; text: string }> => {
      for (;;) {
        const response = await send();
        const text = await response.text();
        if (response.status !== 409) return { status: response.status, text };
        expect(JSON.parse(text).type).toBe('urn:motcua:problem:idempotency-in-progress');
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    };
    const answers = await Promise.all(Array.from({ length: 50 }, untilAnswered));
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(201));
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    const mine = await readJson(await api.call('/dossiers?limit=100', { as: 'citizen', sub: flow.citizen }));
    expect(mine.items).toHaveLength(1);
  });

  it('the same Idempotency-Key with another body → 422, nothing written', async () => {
    const flow = journey(api);
    const key = randomUUID();
    const application = await flow.application();
    await flow.submit(application, key);
    const response = await api.call('/dossiers', {
      method: 'POST',
      as: 'citizen',
      sub: flow.citizen,
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ ...application, formData: { purpose: 'Khác', previousMarriage: true } }),
    });
    expect(response.status).toBe(422);
    expect(await readJson(response)).toMatchObject({ type: 'urn:motcua:problem:idempotency-key-reused' });
    const mine = await readJson(await api.call('/dossiers', { as: 'citizen', sub: flow.citizen }));
    expect(mine.items).toHaveLength(1);
  });

  it('a claimed Idempotency-Key answers another request 422 at once, held or done, and never with the first answer', async () => {
    const key = randomUUID();
    const caller = `citizen:claims-${key}`;
    const now = new Date();
    expect(await claim(caller, key, 'first-body', now)).toEqual({ kind: 'claimed' });
    await expect(claim(caller, key, 'other-body', now)).rejects.toMatchObject({
      kind: 'idempotency-key-reused',
    });
    const done = completion(caller, key, 'first-body', { code: 'the-first-answer' });
    await documents.send(new TransactWriteCommand({ TransactItems: [done.item] }));
    await expect(claim(caller, key, 'other-body', now)).rejects.toMatchObject({
      kind: 'idempotency-key-reused',
    });
    expect(await claim(caller, key, 'first-body', now)).toEqual({
      kind: 'replay',
      response: { code: 'the-first-answer' },
    });
  });

  it('every committed event leaves on dossier-events exactly once, though the outbox fails mid-batch', async () => {
    const queue = api.runtime.resources.queues.dossierEvents!;
    const flow = journey(api);
    const codes: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const { code } = await flow.submit();
      await flow.act(code, BIEN_HOA, 'receive');
      await flow.act(code, BIEN_HOA, 'startProcessing');
      codes.push(code);
    }
    // Everything this file committed so far, the earlier tests included.
    const histories = await Promise.all(
      codes.map(
        async (code) =>
          (await readJson(await api.call(`/dossiers/${code}/history`, { as: 'citizen', sub: flow.citizen })))
            .events,
      ),
    );
    const committed = histories.flat().map((event: { eventId: string }) => event.eventId);
    const messages = await drain(queue.url, committed);
    const ids = messages.map((message) => message.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(committed));
    const retried = (globalThis as { __motcuaFailedOnce?: Set<string> }).__motcuaFailedOnce;
    expect(retried?.size ?? 0).toBeGreaterThan(0);
  });
});
