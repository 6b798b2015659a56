import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DossierEvent } from '../../shared/domain/dossier-events.ts';
import { notificationsFor } from '../../shared/domain/notifications.ts';
import { PARTITIONS, unitPart, userPart } from '../../shared/persistence/keys.ts';
import type { Channel } from '../../shared/persistence/notifications.ts';
import type { Json } from '../support/json.ts';
import type { Endpoints } from './server.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** One dossier partition as the table holds it: its item, its application and its events. */
export interface StoredDossier {
  code: string;
  dossier?: Json;
  application?: Json;
  events: Json[];
}

/** What the test reads straight from the table, beside the API. */
export interface TableContents {
  dossiers: Map<string, StoredDossier>;
  /** In-app notifications by inbox and id: `<pk>|<notification id>`. */
  inbox: Map<string, Json[]>;
  /** The exactly-once records of deliveries, by `<notification id>|<channel>`. */
  claims: Map<string, Json>;
}

/** Every item of the table (a strongly consistent scan), sorted into what the checks need. */
export async function readTable(endpoints: Endpoints): Promise<TableContents> {
  const client = new DynamoDBClient({
    endpoint: endpoints.dynamodbEndpoint,
    region: endpoints.region,
    credentials,
  });
  const documents = DynamoDBDocumentClient.from(client);
  const contents: TableContents = { dossiers: new Map(), inbox: new Map(), claims: new Map() };
  try {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: endpoints.tableName,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) sortItem(contents, item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  } finally {
    client.destroy();
  }
  for (const stored of contents.dossiers.values()) stored.events.sort((a, b) => (a.sk < b.sk ? -1 : 1));
  return contents;
}

function sortItem(contents: TableContents, item: Record<string, Json>): void {
  const pk = String(item.pk);
  if (pk.startsWith(PARTITIONS.notifications)) {
    const id = `${pk}|${item.id}`;
    contents.inbox.set(id, [...(contents.inbox.get(id) ?? []), item]);
    return;
  }
  if (pk.startsWith(PARTITIONS.deliveries)) {
    const id = pk.slice(PARTITIONS.deliveries.length);
    const cut = id.lastIndexOf('#');
    contents.claims.set(`${id.slice(0, cut)}|${id.slice(cut + 1)}`, item);
    return;
  }
  if (!pk.startsWith(PARTITIONS.dossier)) return;
  const code = pk.slice(PARTITIONS.dossier.length);
  const stored = contents.dossiers.get(code) ?? { code, events: [] };
  contents.dossiers.set(code, stored);
  if (item.sk === 'DOSSIER') stored.dossier = item;
  else if (item.sk === 'APPLICATION') stored.application = item;
  else if (String(item.sk).startsWith('EVENT#')) stored.events.push(item);
}

/**
 * What is wrong with a dossier partition, if anything: an item missing, a gap in the events,
 * or a dossier whose count and last hash do not match its events (a half-written one).
 */
export function inconsistencies(stored: StoredDossier): string[] {
  const problems: string[] = [];
  if (!stored.dossier) problems.push('no DOSSIER item');
  if (!stored.application) problems.push('no APPLICATION item');
  const keys = stored.events.map((event) => event.sk);
  const wanted = Array.from({ length: stored.events.length }, (_, at) => eventSk(at + 1));
  if (keys.join() !== wanted.join()) problems.push(`events ${keys.join(', ')} are not numbered from 1`);
  stored.events.forEach((event, at) => {
    if (event.seq !== at + 1) problems.push(`${event.sk} holds seq ${event.seq}`);
  });
  if (stored.events[0] && stored.events[0].type !== 'submit')
    problems.push(`the first event is ${stored.events[0].type}`);
  if (stored.dossier) {
    const { eventCount, lastEventHash } = stored.dossier;
    if (eventCount !== stored.events.length)
      problems.push(`eventCount ${eventCount} but ${stored.events.length} events`);
    if (lastEventHash !== stored.events.at(-1)?.hash) problems.push('lastEventHash is not the last event’s');
  }
  return problems.map((problem) => `${stored.code}: ${problem}`);
}

const eventSk = (seq: number) => `EVENT#${String(seq).padStart(6, '0')}`;

/** One delivery the committed events call for: a notification on one channel. */
export interface Delivery {
  id: string;
  channel: Channel;
  kind: string;
  code: string;
  /** The in-app inbox it lands in (the partition key). */
  inbox: string;
}

/**
 * The deliveries a dossier's committed events call for, as routing and delivery decide them:
 * a citizen on every channel of the default preferences they have a contact for (no one in
 * this load sets preferences), a unit in its in-app inbox.
 */
export function deliveriesOf(stored: StoredDossier): Delivery[] {
  if (!stored.dossier) return [];
  const { ownerSub, procedureName } = stored.dossier;
  const applicant = stored.application?.applicant ?? {};
  return stored.events.flatMap((event) =>
    notificationsFor(event as DossierEvent, ownerSub, procedureName).flatMap((notification) => {
      const base = { id: notification.id, kind: notification.kind, code: notification.code };
      if ('unit' in notification.recipient) {
        const inbox = `${PARTITIONS.notifications}${unitPart(notification.recipient.unit)}`;
        return [{ ...base, channel: 'in-app' as const, inbox }];
      }
      const inbox = `${PARTITIONS.notifications}${userPart(notification.recipient.citizen)}`;
      const channels: Channel[] = ['in-app'];
      if (applicant.email) channels.push('email');
      if (applicant.phone) channels.push('sms');
      return channels.map((channel) => ({ ...base, channel, inbox }));
    }),
  );
}

/** When each (notification id, channel) went out by email or SMS: one line per send. */
export function outboxSends(endpoints: Endpoints): Map<string, number[]> {
  const sends = new Map<string, number[]>();
  if (!existsSync(endpoints.outboxFile)) return sends;
  for (const line of readFileSync(endpoints.outboxFile, 'utf8').split('\n')) {
    if (!line) continue;
    const message = JSON.parse(line) as { id: string; channel: string; sentAt: string };
    const id = `${message.id}|${message.channel}`;
    sends.set(id, [...(sends.get(id) ?? []), Date.parse(message.sentAt)]);
  }
  return sends;
}

/** How many times a delivery happened: inbox writes for in-app, lines in the outbox otherwise. */
export function timesDelivered(
  delivery: Delivery,
  table: TableContents,
  outbox: Map<string, number[]>,
): number {
  if (delivery.channel !== 'in-app') return outbox.get(`${delivery.id}|${delivery.channel}`)?.length ?? 0;
  const items = table.inbox.get(`${delivery.inbox}|${delivery.id}`) ?? [];
  return items.reduce((sum, item) => sum + Number(item.deliveries ?? 0), 0);
}

/**
 * Email and SMS go out once, but for the one gap no sender can close: the provider took the
 * message, and the process died before it recorded the send (SES and SNS take no idempotency
 * key). Such a send goes out once more after the restart, when its claim is stale; never a
 * third time, and never twice for a send that began after the kill.
 */
export function sentAsPromised(sends: readonly number[], killedAt: number): boolean {
  if (sends.length === 1) return true;
  return sends.length === 2 && sends[0]! < killedAt && sends[1]! > killedAt;
}

/** A notification message handed to its consumer, as the server traced it. */
export interface Received {
  receiveCount: number;
  at: number;
}

/** The server's trace of notification messages given to the consumer, by notification id. */
export function readReceived(stateDir: string): Map<string, Received[]> {
  const received = new Map<string, Received[]>();
  const file = join(stateDir, 'received.jsonl');
  if (!existsSync(file)) return received;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const { id, ...entry } = JSON.parse(line) as Received & { id: string };
    received.set(id, [...(received.get(id) ?? []), entry]);
  }
  return received;
}

/** What explains a delivery's count: its exactly-once record and its message's receipts. */
export interface Evidence {
  killedAt: number;
  received: Map<string, Received[]>;
}

/**
 * The deliveries that did not happen exactly once, each with its exactly-once record and
 * when its message was handed to a consumer (seconds from the kill), and the sends no event
 * called for.
 */
export function deliveryProblems(
  expected: readonly Delivery[],
  table: TableContents,
  outbox: Map<string, number[]>,
  evidence: Evidence,
): string[] {
  const fromKill = (at: number) => `${((at - evidence.killedAt) / 1000).toFixed(2)} s`;
  const problems = expected.flatMap((delivery) => {
    const times = timesDelivered(delivery, table, outbox);
    const sends = outbox.get(`${delivery.id}|${delivery.channel}`);
    if (times === 1 || (sends && sentAsPromised(sends, evidence.killedAt))) return [];
    const claim = table.claims.get(`${delivery.id}|${delivery.channel}`);
    const record = claim
      ? `record ${claim.status}, claimed at ${fromKill(Number(claim.claimedAt))}`
      : 'no record';
    const receipts = (evidence.received.get(delivery.id) ?? [])
      .map((entry) => `#${entry.receiveCount} at ${fromKill(entry.at)}`)
      .join(', ');
    return [
      `${delivery.kind} ${delivery.id} by ${delivery.channel}: ${times} times (${record}; message received ${receipts || 'never'})`,
    ];
  });
  const wanted = new Set(expected.map((delivery) => `${delivery.id}|${delivery.channel}`));
  for (const [id, sent] of outbox)
    if (!wanted.has(id)) problems.push(`${id}: sent ${sent.length} times, for no event`);
  return problems;
}

export interface QueueDepth {
  name: string;
  /** Messages waiting or being worked on. */
  pending: number;
  /** Messages given up on (the DLQ). */
  dead: number;
}

/** How many messages each queue and its DLQ hold, through the SQS API of the server. */
export async function queueDepths(endpoints: Endpoints): Promise<QueueDepth[]> {
  const sqs = new SQSClient({ endpoint: endpoints.sqsEndpoint, region: endpoints.region, credentials });
  const count = async (url: string) => {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  };
  try {
    return await Promise.all(
      endpoints.queues.map(async (queue) => ({
        name: queue.name,
        pending: await count(queue.url),
        dead: await count(queue.dlqUrl),
      })),
    );
  } finally {
    sqs.destroy();
  }
}
