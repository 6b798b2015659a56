import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Attempt, Delivery, Subscription, Target } from '../domain/deliveries.ts';
import { batchGet, conditionally, documents, queryAll, tableName, withoutKeys } from './client.ts';
import { INDEX_PARTITIONS, PARTITIONS } from './keys.ts';

/**
 * Webhook subscriptions and the deliveries of every connector.
 *
 *   subscription  pk=SUBSCRIPTIONS          sk=<integrator>#<subscription id>
 *   delivery      pk=SEND#<target>          sk=<event time>#<event id>
 *                 gsi1pk=SYNC#<code>        gsi1sk=<target>#<event time>#<event id>
 *
 * All of a province's subscriptions sit in one partition, which the fan-out reads whole for
 * each event (a province has tens of them). A target's deliveries are listed newest first;
 * each keeps every attempt. A dossier's deliveries, to every target, are listed by the index.
 */

const subscriptionKey = (integrator: string, id: string) => ({
  pk: PARTITIONS.subscription,
  sk: `${integrator}#${id}`,
});

const strip = <T>(item: Record<string, unknown>) => withoutKeys(item) as T;

export async function putSubscription(subscription: Subscription): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...subscriptionKey(subscription.integrator, subscription.id),
        entity: 'subscription',
        ...subscription,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getSubscription(integrator: string, id: string): Promise<Subscription | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: subscriptionKey(integrator, id), ConsistentRead: true }),
  );
  return Item ? strip<Subscription>(Item) : undefined;
}

/** A subscription's new (sealed) secret and the one it replaces; false when there is no such subscription. */
export async function replaceSecret(
  subscription: Pick<Subscription, 'integrator' | 'id'>,
  secret: string,
  previousSecret: NonNullable<Subscription['previousSecret']>,
): Promise<boolean> {
  return conditionally(() =>
    documents.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: subscriptionKey(subscription.integrator, subscription.id),
        UpdateExpression: 'SET secret = :secret, previousSecret = :previous',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':secret': secret, ':previous': previousSecret },
      }),
    ),
  );
}

/** Removes a subscription; false when there was none. */
export async function deleteSubscription(integrator: string, id: string): Promise<boolean> {
  return conditionally(() =>
    documents.send(
      new DeleteCommand({
        TableName: tableName(),
        Key: subscriptionKey(integrator, id),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    ),
  );
}

/** Every subscription of the province, or one integrator's. */
export async function listSubscriptions(integrator?: string): Promise<Subscription[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: integrator ? 'pk = :pk AND begins_with(sk, :mine)' : 'pk = :pk',
    ExpressionAttributeValues: {
      ':pk': PARTITIONS.subscription,
      ...(integrator ? { ':mine': `${integrator}#` } : {}),
    },
  });
  return items.map((item) => strip<Subscription>(item));
}

/** Pauses or resumes a subscription; false when it already was so. */
export async function setSubscriptionStatus(
  subscription: Pick<Subscription, 'integrator' | 'id'>,
  status: Subscription['status'],
  now: Date,
  reason?: string,
): Promise<boolean> {
  return conditionally(() =>
    documents.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: subscriptionKey(subscription.integrator, subscription.id),
        UpdateExpression:
          status === 'paused'
            ? 'SET #status = :status, pausedAt = :now, pauseReason = :reason'
            : 'SET #status = :status REMOVE pausedAt, pauseReason',
        ConditionExpression: 'attribute_exists(pk) AND #status <> :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ...(status === 'paused' ? { ':now': now.toISOString(), ':reason': reason ?? '' } : {}),
        },
      }),
    ),
  );
}

const deliveryKey = (target: Target, event: { at: string; eventId: string }) => ({
  pk: `${PARTITIONS.outboundDelivery}${target}`,
  sk: `${event.at}#${event.eventId}`,
});

/** Where a delivery is kept, from the target and its id (`msg_` and the key's sort part). */
export const deliveryId = (event: { at: string; eventId: string }) =>
  `msg_${Buffer.from(`${event.at}#${event.eventId}`).toString('base64url')}`;

export function eventOfDeliveryId(id: string): { at: string; eventId: string } | undefined {
  if (!id.startsWith('msg_')) return undefined;
  const [at, eventId, ...rest] = Buffer.from(id.slice(4), 'base64url').toString().split('#');
  return at && eventId && !rest.length ? { at, eventId } : undefined;
}

/** Records a delivery to make; false when it was recorded already (a repeated fan-out). */
export async function createDelivery(delivery: Delivery): Promise<boolean> {
  return conditionally(() =>
    documents.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...deliveryKey(delivery.target, delivery.event),
          gsi1pk: `${INDEX_PARTITIONS.gsi1.sync}${delivery.code}`,
          gsi1sk: `${delivery.target}#${delivery.event.at}#${delivery.event.eventId}`,
          entity: 'delivery',
          ...delivery,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

export async function getDelivery(
  target: Target,
  event: { at: string; eventId: string },
): Promise<Delivery | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: deliveryKey(target, event), ConsistentRead: true }),
  );
  return Item ? strip<Delivery>(Item) : undefined;
}

/** Appends an attempt and sets the delivery's status, as one write. */
export async function recordAttempt(
  delivery: Pick<Delivery, 'target' | 'event'>,
  attempt: Attempt,
  status: Delivery['status'],
): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: deliveryKey(delivery.target, delivery.event),
      UpdateExpression: `SET attempts = list_append(attempts, :attempt), #status = :status${
        status === 'delivered' ? ', deliveredAt = :at' : ''
      }`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':attempt': [attempt],
        ':status': status,
        ...(status === 'delivered' ? { ':at': attempt.at } : {}),
      },
    }),
  );
}

/**
 * Sets a delivery's status (held while its subscription is paused, pending again to retry);
 * a new series of attempts starts the retry schedule again. False when the status was not
 * one of `from`.
 */
export async function setDeliveryStatus(
  delivery: Pick<Delivery, 'target' | 'event'>,
  status: Delivery['status'],
  from: readonly Delivery['status'][],
  /** The attempt a new series starts at (the number made so far). */
  newSeriesFrom?: number,
): Promise<boolean> {
  return conditionally(() =>
    documents.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: deliveryKey(delivery.target, delivery.event),
        UpdateExpression: `SET #status = :status${newSeriesFrom === undefined ? '' : ', seriesFrom = :series'}`,
        ConditionExpression: `#status IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ...(newSeriesFrom === undefined ? {} : { ':series': newSeriesFrom }),
          ...Object.fromEntries(from.map((value, index) => [`:from${index}`, value])),
        },
      }),
    ),
  );
}

/** A target's deliveries, newest first. */
export async function listDeliveries(target: Target, limit: number): Promise<Delivery[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `${PARTITIONS.outboundDelivery}${target}` },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map((item) => strip<Delivery>(item));
}

/**
 * A target's deliveries that did not go: held while it was paused, or failed (the one that
 * paused it), oldest first, the order they go out in again.
 */
export async function heldDeliveries(target: Target): Promise<Delivery[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk',
    FilterExpression: '#status IN (:held, :failed)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':pk': `${PARTITIONS.outboundDelivery}${target}`,
      ':held': 'held',
      ':failed': 'failed',
    },
  });
  return items.map((item) => strip<Delivery>(item));
}

/** Every delivery of a dossier's events, by target and then in order (the index gives keys; the items follow). */
export async function dossierDeliveries(code: string): Promise<Delivery[]> {
  const keys = (
    await queryAll({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :sync',
      ExpressionAttributeValues: { ':sync': `${INDEX_PARTITIONS.gsi1.sync}${code}` },
    })
  ).map(({ pk, sk }) => ({ pk, sk }));
  const items = await batchGet(keys, true);
  const order = new Map(keys.map((key, index) => [`${key.pk}|${key.sk}`, index]));
  return items
    .sort((a, b) => (order.get(`${a.pk}|${a.sk}`) ?? 0) - (order.get(`${b.pk}|${b.sk}`) ?? 0))
    .map((item) => strip<Delivery>(item));
}
