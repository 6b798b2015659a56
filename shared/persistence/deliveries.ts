import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Attempt, Delivery, Subscription, Target } from '../domain/deliveries.ts';
import { type TargetCounts, untouched } from '../domain/sync-health.ts';
import {
  batchGet,
  cancellationReasons,
  committed,
  conditionally,
  documents,
  queryAll,
  type TransactItem,
  tableName,
  withoutKeys,
} from './client.ts';
import { INDEX_PARTITIONS, PARTITIONS } from './keys.ts';
import { UPSERTED_SHAPE, upsertedShape } from './shapes.ts';

/**
 * Webhook subscriptions and the deliveries of every connector.
 *
 *   subscription  pk=SUBSCRIPTIONS          sk=<integrator>#<subscription id>
 *   delivery      pk=SEND#<target>          sk=<event time>#<event id>
 *                 gsi1pk=SYNC#<code>        gsi1sk=<target>#<event time>#<event id>
 *   health        pk=SEND#<target>          sk=#HEALTH#<shard 0–7>
 *
 * A target's health counts its deliveries by status, changed in the same transaction as each
 * delivery's status (so the counts are exact, whatever is retried), with the total time its
 * delivered events waited and its last error. The counts of a busy target are spread over
 * eight items (a delivery always counts in the same one), so that deliveries to it at once
 * seldom wait on each other's transactions; a reader sums them.
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

/** Items a target's health is spread over. */
export const HEALTH_SHARDS = 8;

const healthKey = (target: Target, shard: number) => ({
  pk: `${PARTITIONS.outboundDelivery}${target}`,
  sk: `#HEALTH#${shard}`,
});

/** The item a delivery counts in: the same for every change of it. */
function shardOf(event: { eventId: string }): number {
  let sum = 0;
  for (const char of event.eventId) sum = (sum * 31 + char.charCodeAt(0)) >>> 0;
  return sum % HEALTH_SHARDS;
}

/** How often a transaction that met another one on a shared item is tried again. */
const CONFLICT_RETRIES = 6;

/**
 * Runs a transaction, trying it again when it was cancelled only because another transaction
 * held one of its items at that moment (nothing was written), after a short random wait.
 */
async function transacted(run: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      const reasons = cancellationReasons(error);
      const conflict =
        reasons?.includes('TransactionConflict') && !reasons.includes('ConditionalCheckFailed');
      if (!conflict || attempt >= CONFLICT_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
}

type Status = Delivery['status'];

/** The health counters' change for a delivery moving from one status to another, with what it tells. */
function healthChange(
  delivery: Pick<Delivery, 'target' | 'event'>,
  from: Status | undefined,
  to: Status,
  told: { attempt?: Attempt; lagMs?: number } = {},
): TransactItem {
  const set = [UPSERTED_SHAPE, '#target = :target'];
  const add: string[] = [];
  const { target } = delivery;
  const values: Record<string, unknown> = { ...upsertedShape('sync-health'), ':target': target };
  const names: Record<string, string> = { '#target': 'target' };
  if (from !== to) {
    add.push('#to :one');
    names['#to'] = to;
    values[':one'] = 1;
  }
  if (from && from !== to) {
    add.push('#from :minus');
    names['#from'] = from;
    values[':minus'] = -1;
  }
  const { attempt, lagMs } = told;
  if (attempt) {
    set.push('lastAttemptAt = :at');
    values[':at'] = attempt.at;
    if (!attempt.ok) {
      set.push('lastError = :error');
      values[':error'] = {
        at: attempt.at,
        reason: attempt.status ? `answered ${attempt.status}` : (attempt.error ?? ''),
      };
    } else set.push('lastDeliveredAt = :at');
  }
  if (lagMs !== undefined) {
    add.push('lagMsTotal :lag');
    values[':lag'] = lagMs;
  }
  return {
    Update: {
      TableName: tableName(),
      Key: healthKey(target, shardOf(delivery.event)),
      UpdateExpression: `SET ${set.join(', ')}${add.length ? ` ADD ${add.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** Records a delivery to make, counted pending; false when it was recorded already (a repeated fan-out). */
export async function createDelivery(delivery: Delivery): Promise<boolean> {
  return transacted(() =>
    committed(
      [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...deliveryKey(delivery.target, delivery.event),
              gsi1pk: `${INDEX_PARTITIONS.gsi1.sync}${delivery.code}`,
              gsi1sk: `${delivery.target}#${delivery.event.at}#${delivery.event.eventId}`,
              entity: 'delivery',
              ...delivery,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        healthChange(delivery, undefined, delivery.status),
      ],
      0,
    ),
  );
}

/** The health of each target named, its shards summed; a target that was never sent to has none. */
export async function targetHealth(targets: readonly Target[]): Promise<TargetCounts[]> {
  const items = await batchGet(
    targets.flatMap((target) =>
      Array.from({ length: HEALTH_SHARDS }, (_, shard) => healthKey(target, shard)),
    ),
    true,
  );
  const summed = new Map<string, TargetCounts>();
  for (const item of items) {
    const part = strip<Partial<TargetCounts>>(item);
    const target = part.target!;
    const sum = summed.get(target) ?? untouched(target);
    for (const field of ['pending', 'delivered', 'held', 'failed', 'lagMsTotal'] as const)
      sum[field] += part[field] ?? 0;
    sum.lastAttemptAt = latest(sum.lastAttemptAt, part.lastAttemptAt);
    sum.lastDeliveredAt = latest(sum.lastDeliveredAt, part.lastDeliveredAt);
    if (part.lastError && (!sum.lastError || part.lastError.at > sum.lastError.at))
      sum.lastError = part.lastError;
    summed.set(target, sum);
  }
  return [...summed.values()].map((sum) =>
    Object.fromEntries(Object.entries(sum).filter(([, value]) => value !== undefined)),
  ) as unknown as TargetCounts[];
}

const latest = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : a > b ? a : b);

export async function getDelivery(
  target: Target,
  event: { at: string; eventId: string },
): Promise<Delivery | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: deliveryKey(target, event), ConsistentRead: true }),
  );
  return Item ? strip<Delivery>(Item) : undefined;
}

/**
 * Appends an attempt to a pending delivery and sets its status, with the target's counters, in

/**
 * Appends an attempt to a pending delivery and sets its status, with the target's counters, in
 * one transaction; false when the delivery was no longer pending (another attempt settled it).
 */
export async function recordAttempt(
  delivery: Pick<Delivery, 'target' | 'event'>,
  attempt: Attempt,
  status: Delivery['status'],
): Promise<boolean> {
  const lagMs = status === 'delivered' ? Date.parse(attempt.at) - Date.parse(delivery.event.at) : undefined;
  return transacted(() =>
    committed(
      [
        {
          Update: {
            TableName: tableName(),
            Key: deliveryKey(delivery.target, delivery.event),
            UpdateExpression: `SET attempts = list_append(attempts, :attempt), #status = :status${
              status === 'delivered' ? ', deliveredAt = :at' : ''
            }`,
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':attempt': [attempt],
              ':status': status,
              ':pending': 'pending',
              ...(status === 'delivered' ? { ':at': attempt.at } : {}),
            },
          },
        },
        healthChange(delivery, 'pending', status, {
          attempt,
          ...(lagMs === undefined ? {} : { lagMs }),
        }),
      ],
      0,
    ),
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
  // Each status it may be in, in turn, so that the counters move from the one it was in.
  for (const was of from) {
    const moved = await transacted(() =>
      committed(
        [
          {
            Update: {
              TableName: tableName(),
              Key: deliveryKey(delivery.target, delivery.event),
              UpdateExpression: `SET #status = :status${newSeriesFrom === undefined ? '' : ', seriesFrom = :series'}`,
              ConditionExpression: '#status = :was',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':status': status,
                ':was': was,
                ...(newSeriesFrom === undefined ? {} : { ':series': newSeriesFrom }),
              },
            },
          },
          healthChange(delivery, was, status),
        ],
        0,
      ),
    );
    if (moved) return true;
  }
  return false;
}

/** A target's deliveries, newest first. */
export async function listDeliveries(target: Target, limit: number): Promise<Delivery[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      // Deliveries only: their keys begin with the event's time, the health's with #.
      KeyConditionExpression: 'pk = :pk AND sk >= :first',
      ExpressionAttributeValues: { ':pk': `${PARTITIONS.outboundDelivery}${target}`, ':first': '0' },
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
    KeyConditionExpression: 'pk = :pk AND sk >= :first',
    FilterExpression: '#status IN (:held, :failed)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':first': '0',
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
