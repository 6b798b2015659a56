import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import type { Manifest } from '../../shared/manifest-types.ts';
import { confirmContact } from '../support/contacts.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { deliveriesSeen } from '../support/fixtures/flaky.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const testManifest: Manifest = {
  ...manifest,
  deliverNotifications: { ...manifest.deliverNotifications, entry: 'test/support/fixtures/flaky-deliver.ts' },
};
const api = useRuntime({
  idleConsumers: ['countIndicators', 'sendDeliveries', 'sendWebhooks'],
  manifest: testManifest,
  queueOverrides: { notifications: { visibilityTimeoutSeconds: 1 } },
});

/** Waits until the notifications queue and its DLQ hold nothing, visible or in flight. */
async function drained() {
  const queue = api.runtime.resources.queues.notifications!;
  await eventually(async () => {
    for (const url of [queue.url, queue.dlqUrl]) {
      const { Attributes = {} } = await api.runtime.clients.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      expect(
        Number(Attributes.ApproximateNumberOfMessages) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible),
      ).toBe(0);
    }
  });
}

/** How many times each in-app item of a notification was written (it counts itself). */
async function inAppWrites(sub: string, id: string): Promise<number[]> {
  const { Items = [] } = await DynamoDBDocumentClient.from(api.runtime.clients.dynamodb).send(
    new QueryCommand({
      TableName: api.runtime.resources.tableName,
      KeyConditionExpression: 'pk = :owner',
      ExpressionAttributeValues: { ':owner': `NOTIFY#USER:${encodeURIComponent(sub)}` },
    }),
  );
  return Items.filter((item) => item.id === id).map((item) => item.deliveries);
}

const outboxFor = async (code: string): Promise<Json[]> =>
  (await readJson(await api.call('/dev/outbox?limit=500'))).items.filter((item: Json) =>
    item.text.includes(code),
  );

describe('notifications', () => {
  it('tell the applicant by email, SMS and in-app, in Vietnamese, each exactly once though every first delivery fails', async () => {
    const flow = journey(api);
    await confirmContact(api, flow.citizen, 'email', 'hoa@example.vn');
    await confirmContact(api, flow.citizen, 'sms', '0912345678');
    const application = await flow.application();
    const { code } = await flow.submit({
      ...application,
      applicant: { ...application.applicant, email: 'hoa@example.vn' },
    });
    await flow.act(code, BIEN_HOA, 'receive');
    const messages = await eventually(async () => {
      const found = await outboxFor(code);
      expect(found.map((item) => item.channel).sort()).toEqual(['email', 'sms']);
      return found;
    });
    expect(messages.find((item) => item.channel === 'sms')).toMatchObject({ to: '+84912345678' });
    expect(messages[0].subject).toBe(`Hồ sơ ${code} đã được tiếp nhận`);
    const inbox = await readJson(await api.call('/me/notifications', { as: 'citizen', sub: flow.citizen }));
    expect(inbox.items).toEqual([expect.objectContaining({ kind: 'received', code, read: false })]);
    // Every delivery of the notification was at least a second one: the first always failed.
    const id = messages[0].id;
    await eventually(async () => expect(deliveriesSeen().get(id)).toBeGreaterThanOrEqual(2));
    await drained();
    // Once the queue and its DLQ are empty: one email, one SMS, one in-app item written once.
    expect((await outboxFor(code)).map((item) => item.channel).sort()).toEqual(['email', 'sms']);
    expect(await inAppWrites(flow.citizen, id)).toEqual([1]);
  });

  it('send no email or SMS to an address the applicant has not confirmed', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    await eventually(async () => {
      const page = await readJson(await api.call('/me/notifications', { as: 'citizen', sub: flow.citizen }));
      expect(page.items.map((item: Json) => item.code)).toContain(code);
    });
    await drained();
    expect(await outboxFor(code)).toEqual([]);
  });

  it('speak English to a citizen who asks for it, and only on the chosen channels', async () => {
    const flow = journey(api);
    const saved = await api.call('/me/preferences', {
      method: 'PUT',
      as: 'citizen',
      sub: flow.citizen,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'en', channels: ['in-app'] }),
    });
    expect(saved.status).toBe(200);
    const { code } = await flow.submit();
    await flow.act(code, BIEN_HOA, 'receive');
    const inbox = await eventually(async () => {
      const page = await readJson(await api.call('/me/notifications', { as: 'citizen', sub: flow.citizen }));
      expect(page.items).toHaveLength(1);
      return page;
    });
    expect(inbox.items[0].subject).toBe(`Dossier ${code} received`);
    expect(await outboxFor(code)).toEqual([]);
    const read = await api.call('/me/notifications/read', {
      method: 'POST',
      as: 'citizen',
      sub: flow.citizen,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ id: inbox.items[0].id, at: inbox.items[0].at }] }),
    });
    expect(read.status).toBe(204);
    const after = await readJson(await api.call('/me/notifications', { as: 'citizen', sub: flow.citizen }));
    expect(after.items[0].read).toBe(true);
  });

  it('tell the officers of a unit when a dossier arrives in their inbox', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    await eventually(async () => {
      const page = await readJson(
        await api.call('/me/notifications?limit=100', { as: 'officer', unit: BIEN_HOA }),
      );
      expect(page.items.map((item: Json) => item.code)).toContain(code);
    });
  });
});
