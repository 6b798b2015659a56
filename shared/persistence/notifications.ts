import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Language, NotificationKind } from '../domain/notifications.ts';
import { documents, tableName } from './client.ts';
import { type Page, queryPage } from './paging.ts';

/**
 * Notifications:
 *   preferences   pk=PREF#<sub>                 sk=PREF
 *   in-app inbox  pk=NOTIFY#<sub | UNIT#code>   sk=<at>#<notification id>
 *   delivery      pk=DELIVERY#<id>#<channel>    sk=DELIVERY   (exactly-once record, 30 days)
 *   local outbox  pk=DEVOUTBOX                  sk=<at>#<id>#<channel>   (email and SMS, locally)
 */
export type Channel = 'in-app' | 'email' | 'sms';

export interface Preferences {
  language: Language;
  channels: Channel[];
}

export const DEFAULT_PREFERENCES: Preferences = { language: 'vi', channels: ['in-app', 'email', 'sms'] };

export interface InboxItem {
  id: string;
  kind: NotificationKind;
  code: string;
  subject: string;
  text: string;
  at: string;
  read: boolean;
}

const inboxKey = (owner: string) => `NOTIFY#${owner}`;

export async function getPreferences(sub: string): Promise<Preferences> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: { pk: `PREF#${sub}`, sk: 'PREF' } }),
  );
  return Item ? { language: Item.language, channels: Item.channels } : DEFAULT_PREFERENCES;
}

export async function putPreferences(sub: string, preferences: Preferences, now: Date): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        pk: `PREF#${sub}`,
        sk: 'PREF',
        entity: 'preferences',
        ...preferences,
        updatedAt: now.toISOString(),
      },
    }),
  );
}

/** In-app delivery: the same notification always lands on the same item. */
export async function putInboxItem(owner: string, item: Omit<InboxItem, 'read'>): Promise<void> {
  await documents
    .send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          pk: inboxKey(owner),
          sk: `${item.at}#${item.id}`,
          entity: 'notification',
          ...item,
          read: false,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
}

export async function listInboxItems(
  owner: string,
  limit: number,
  cursor?: string,
): Promise<Page<InboxItem>> {
  const page = await queryPage(
    {
      input: {
        TableName: tableName(),
        KeyConditionExpression: 'pk = :owner',
        ExpressionAttributeValues: { ':owner': inboxKey(owner) },
        ScanIndexForward: false,
      },
      keyOf: (item) => ({ pk: String(item.pk), sk: String(item.sk) }),
      accepts: (key) => key.pk === inboxKey(owner),
    },
    limit,
    cursor,
  );
  return {
    ...page,
    items: page.items.map(({ pk: _pk, sk: _sk, entity: _entity, ...item }) => item as unknown as InboxItem),
  };
}

export async function markRead(owner: string, ids: readonly { id: string; at: string }[]): Promise<void> {
  await Promise.all(
    ids.map(({ id, at }) =>
      documents
        .send(
          new UpdateCommand({
            TableName: tableName(),
            Key: { pk: inboxKey(owner), sk: `${at}#${id}` },
            UpdateExpression: 'SET #read = :yes',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#read': 'read' },
            ExpressionAttributeValues: { ':yes': true },
          }),
        )
        .catch((error: Error) => {
          if (error.name !== 'ConditionalCheckFailedException') throw error;
        }),
    ),
  );
}

const STALE_CLAIM_MS = 30_000;
const KEEP_SECONDS = 30 * 86_400;

/**
 * Exactly-once delivery: a channel's send is claimed first and recorded as sent after; a
 * retry finds it sent and skips it. A claim whose sender died is taken over once stale.
 * Returns false when the delivery is done already (or in someone else's hands).
 */
export async function claimDelivery(id: string, channel: Channel, now: Date): Promise<boolean> {
  try {
    await documents.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          pk: `DELIVERY#${id}#${channel}`,
          sk: 'DELIVERY',
          entity: 'delivery',
          status: 'sending',
          claimedAt: now.getTime(),
          expiresAt: Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :sending AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ':stale': now.getTime() - STALE_CLAIM_MS },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export async function deliveryDone(id: string, channel: Channel, now: Date): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: `DELIVERY#${id}#${channel}`, sk: 'DELIVERY' },
      UpdateExpression: 'SET #status = :sent, sentAt = :at',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sent': 'sent', ':at': now.toISOString() },
    }),
  );
}

/** Email and SMS as the local runtime delivers them: kept for GET /dev/outbox. */
export async function putOutboxMessage(message: {
  id: string;
  channel: Channel;
  to: string;
  subject: string;
  text: string;
  at: string;
}) {
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        pk: 'DEVOUTBOX',
        sk: `${message.at}#${message.id}#${message.channel}`,
        entity: 'outbox',
        ...message,
      },
    }),
  );
}

export async function listOutbox(limit: number): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :outbox',
      ExpressionAttributeValues: { ':outbox': 'DEVOUTBOX' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map(({ pk: _pk, sk: _sk, entity: _entity, ...message }) => message);
}
