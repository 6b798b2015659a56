import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../shared/domain/notifications.ts';
import { STALE_CLAIM_MS } from '../../shared/persistence/notifications.ts';
import { confirmContact } from '../support/contacts.ts';
import { journey } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

// Redelivery after 2 s: the consumer tries the message again and again while the claim is fresh.
const api = useRuntime({
  idleConsumers: ['countIndicators', 'sendDeliveries', 'sendWebhooks'],
  queueOverrides: { notifications: { visibilityTimeoutSeconds: 2 } },
  onEvent: (event) => {
    for (const record of (event as { Records?: { eventSource?: string; body?: string }[] }).Records ?? [])
      if (record.eventSource === 'aws:sqs') received.push(record.body ?? '');
  },
});
/** The bodies of the queue messages handed to consumers, in order. */
const received: string[] = [];

afterEach(() => {
  api.runtime.clock.reset();
});

describe('a notification whose channel a sender claimed and then died', () => {
  it('comes back until the claim is stale, then goes out once: never dropped', {
    timeout: 60_000,
  }, async () => {
    const flow = journey(api);
    await confirmContact(api, flow.citizen, 'sms', '0912345678');
    const { code } = await flow.submit();
    // The clock stands still: the claim stays as fresh as a live sender's for as long as it must.
    const claimedAt = api.runtime.clock.set(new Date(), true);
    const notification: Notification = {
      id: `${randomUUID()}:citizen`,
      eventId: randomUUID(),
      kind: 'received',
      recipient: { citizen: flow.citizen },
      code,
      at: new Date().toISOString(),
      vars: { code, procedureName: 'Cấp Giấy xác nhận tình trạng hôn nhân' },
    };
    // What a sender killed between its claim and its send leaves behind.
    await DynamoDBDocumentClient.from(api.runtime.clients.dynamodb).send(
      new PutCommand({
        TableName: api.runtime.resources.tableName,
        Item: {
          pk: `DELIVERY#${notification.id}#sms`,
          sk: 'DELIVERY',
          entity: 'delivery',
          status: 'sending',
          claimedAt: claimedAt.getTime(),
        },
      }),
    );
    const queue = api.runtime.resources.queues.notifications!;
    await api.runtime.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queue.url, MessageBody: JSON.stringify(notification) }),
    );
    const sent = async () =>
      ((await readJson(await api.call('/dev/outbox?limit=500'))).items as Json[]).filter(
        (item) => item.id === notification.id && item.channel === 'sms',
      );
    const deliveries = () => received.filter((body) => body.includes(notification.id)).length;
    // Not while the claim may still be a live sender's: handed to the consumer twice, sent by neither.
    await eventually(() => expect(deliveries()).toBeGreaterThanOrEqual(2), 30_000);
    expect(await sent()).toEqual([]);
    api.runtime.clock.advance(STALE_CLAIM_MS + 1);
    await eventually(async () => expect(await sent()).toHaveLength(1), 30_000);
    await api.runtime.settled();
    expect(await sent()).toHaveLength(1);
    const { Attributes = {} } = await api.runtime.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue.dlqUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    expect(Attributes.ApproximateNumberOfMessages).toBe('0');
  });
});
