import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Language, NotificationKind } from '../domain/notifications.ts';
import { committed, documents, tableName } from './client.ts';
import { PARTITIONS, unitPart, userPart } from './keys.ts';
import { type Page, queryPage } from './paging.ts';
import { SHAPES } from './shapes.ts';

/**
 * Notifications:
 *   preferences   pk=PREF#USER:<sub>                  sk=PREF
 *   in-app inbox  pk=NOTIFY#<USER:sub | UNIT:code>     sk=<at>#<notification id>
 *   delivery      pk=DELIVERY#<id>#<channel>           sk=DELIVERY   (exactly-once record, 30 days)
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

/** Whose in-app inbox: a user's own, or a unit's (shared by its officers). */
export type InboxOwner = { user: string } | { unit: string };

const inboxKey = (owner: InboxOwner) =>
  `${PARTITIONS.notifications}${'user' in owner ? userPart(owner.user) : unitPart(owner.unit)}`;
const preferencesKey = (sub: string) => ({ pk: `${PARTITIONS.preferences}${userPart(sub)}`, sk: 'PREF' });
const deliveryKey = (id: string, channel: Channel) => ({
  pk: `${PARTITIONS.deliveries}${id}#${channel}`,
  sk: 'DELIVERY',
});

export async function getPreferences(sub: string): Promise<Preferences> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: preferencesKey(sub) }));
  return Item ? { language: Item.language, channels: Item.channels } : DEFAULT_PREFERENCES;
}

export async function putPreferences(sub: string, preferences: Preferences, now: Date): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...preferencesKey(sub),
        entity: 'preferences',
        ...preferences,
        updatedAt: now.toISOString(),
      },
    }),
  );
}

/**
 * In-app delivery, exactly once: the inbox item and the record that it was delivered are one
 * transaction, conditional on no earlier delivery. Every write counts itself in `deliveries`,
 * so that a notification delivered twice would show as such. False when delivered already.
 */
export async function deliverInApp(
  owner: InboxOwner,
  item: Omit<InboxItem, 'read'>,
  now: Date,
): Promise<boolean> {
  const { id, at, ...fields } = item;
  const names = Object.fromEntries(Object.keys(fields).map((name) => [`#${name}`, name]));
  const values = Object.fromEntries(Object.entries(fields).map(([name, value]) => [`:${name}`, value]));
  return committed(
    [
      {
        Update: {
          TableName: tableName(),
          Key: { pk: inboxKey(owner), sk: `${at}#${id}` },
          UpdateExpression: `SET #entity = :entity, #shape = if_not_exists(#shape, :shape), #id = :id, #at = :at, #read = if_not_exists(#read, :unread), ${Object.keys(
            fields,
          )
            .map((name) => `#${name} = :${name}`)
            .join(', ')} ADD deliveries :one`,
          ExpressionAttributeNames: {
            ...names,
            '#entity': 'entity',
            '#shape': 'shape',
            '#id': 'id',
            '#at': 'at',
            '#read': 'read',
          },
          ExpressionAttributeValues: {
            ...values,
            ':entity': 'notification',
            ':shape': SHAPES.notification,
            ':id': id,
            ':at': at,
            ':unread': false,
            ':one': 1,
          },
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: { ...deliveryKey(id, 'in-app'), ...sentRecord(now) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    1,
  );
}

export async function listInboxItems(
  owner: InboxOwner,
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
      keyAttributes: ['pk', 'sk'],
      accepts: (key) => key.pk === inboxKey(owner),
    },
    limit,
    cursor,
  );
  return {
    ...page,
    items: page.items.map(
      ({ pk: _pk, sk: _sk, entity: _entity, shape: _shape, deliveries: _deliveries, ...item }) =>
        item as unknown as InboxItem,
    ),
  };
}

export async function markRead(owner: InboxOwner, ids: readonly { id: string; at: string }[]): Promise<void> {
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

/**
 * A claim older than this is a dead sender's: longer than the delivering function may run
 * (10 s in the manifest), so that no live sender is ever taken over.
 */
export const STALE_CLAIM_MS = 15_000;
const KEEP_SECONDS = 30 * 86_400;

const sentRecord = (now: Date) => ({
  entity: 'delivery',
  status: 'sent',
  sentAt: now.toISOString(),
  expiresAt: Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
});

/**
 * What a claim on a channel's send found: it is ours to send, it was sent already, or another
 * sender holds it (alive, or dead less than STALE_CLAIM_MS ago): then the message must come
 * back later, not be dropped.
 */
export type DeliveryClaim = 'claimed' | 'sent' | 'held';

/**
 * Email and SMS go out once: a channel's send is claimed first and recorded as sent after; a
 * retry finds it sent and skips it. A claim whose sender died is taken over once stale, and
 * sent again: a sender that died after the provider took the message and before it recorded
 * the send has sent it once already (SES and SNS take no idempotency key). A second message
 * is the lesser harm; a lost one would be the greater.
 */
export async function claimDelivery(id: string, channel: Channel, now: Date): Promise<DeliveryClaim> {
  try {
    await documents.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...deliveryKey(id, channel),
          entity: 'delivery',
          status: 'sending',
          claimedAt: now.getTime(),
          expiresAt: Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :sending AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ':stale': now.getTime() - STALE_CLAIM_MS },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'claimed';
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    const old = (error as { Item?: Record<string, { S?: string }> }).Item;
    return old?.status?.S === 'sent' ? 'sent' : 'held';
  }
}

export async function deliveryDone(id: string, channel: Channel, now: Date): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: deliveryKey(id, channel),
      UpdateExpression: 'SET #status = :sent, sentAt = :at',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sent': 'sent', ':at': now.toISOString() },
    }),
  );
}
