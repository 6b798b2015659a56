import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError, staleVersion } from '../domain/errors.ts';
import { type Integrator, type IntegratorKey, integratorOfKeyid } from '../domain/integrators.ts';
import {
  batchGet,
  cancellationReasons,
  committed,
  conditionally,
  documents,
  queryAll,
  type TransactItem,
  tableName,
} from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { INDEX_PARTITIONS, PARTITIONS } from './keys.ts';

/**
 * The registry, one partition per integrator: pk=INTEGRATOR#<id>
 *   sk=META                the integrator (name, unit, scopes, limits, status, version),
 *                          listed by gsi1pk=REGISTRY#INTEGRATORS gsi1sk=<id>
 *   sk=KEY#<thumbprint>    each public key, active or revoked (never deleted)
 *   sk=AUDIT#<at>#<uuid>   each change: who, when, what
 * and replay nonces: pk=NONCE#<keyid>#<nonce>, sk=NONCE, expiring after the window.
 */
const pk = (id: string) => `${PARTITIONS.integrator}${id}`;
const keySk = (keyid: string) => `KEY#${keyid.slice(keyid.indexOf('.') + 1)}`;

export interface Change {
  actor: string;
  at: string;
  what: string;
}

const audit = (id: string, change: Change): TransactItem => ({
  Put: {
    TableName: tableName(),
    Item: { pk: pk(id), sk: `AUDIT#${change.at}#${randomUUID()}`, entity: 'integrator-audit', ...change },
  },
});

const strip = <T>(item: Record<string, unknown> | undefined): T | undefined => {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, entity: _entity, shape: _shape, gsi1pk: _list, gsi1sk: _order, ...rest } = item;
  return rest as T;
};

const metaItem = (integrator: Integrator) => ({
  pk: pk(integrator.id),
  sk: 'META',
  entity: 'integrator',
  gsi1pk: INDEX_PARTITIONS.gsi1.integrators,
  gsi1sk: integrator.id,
  ...integrator,
});

export function createIntegrator(integrator: Integrator, change: Change): Promise<boolean> {
  return committed(
    [
      {
        Put: {
          TableName: tableName(),
          Item: metaItem(integrator),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      audit(integrator.id, change),
    ],
    0,
  );
}

/**
 * Saves an integrator changed from the version read, with its trail's entries, as one write;
 * a change made meanwhile answers 409.
 */
export async function saveIntegrator(
  next: Integrator,
  readVersion: number,
  changes: Change[],
): Promise<void> {
  if (
    !(await committed(
      [
        {
          Put: {
            TableName: tableName(),
            Item: metaItem(next),
            ConditionExpression: 'version = :read',
            ExpressionAttributeValues: { ':read': readVersion },
          },
        },
        ...changes.map((change) => audit(next.id, change)),
      ],
      0,
    ))
  )
    throw staleVersion();
}

/** The registry's integrators, by id, a page at a time (the index holds keys; the items follow). */
export async function listIntegrators(
  limit: number,
  cursor?: string,
): Promise<{ items: Integrator[]; cursor?: string }> {
  const page = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :registry',
      ExpressionAttributeValues: { ':registry': INDEX_PARTITIONS.gsi1.integrators },
      Limit: limit,
      ...(cursor
        ? {
            ExclusiveStartKey: decodeCursor(
              cursor,
              ['gsi1pk', 'gsi1sk', 'pk', 'sk'],
              (key) => key.gsi1pk === INDEX_PARTITIONS.gsi1.integrators && key.sk === 'META',
            ),
          }
        : {}),
    }),
  );
  const entries = page.Items ?? [];
  const items = await batchGet(
    entries.map(({ pk: key, sk }) => ({ pk: key, sk })),
    true,
  );
  const byId = new Map(items.map((item) => [String(item.id), strip<Integrator>(item)!]));
  return {
    items: entries.flatMap((entry) => byId.get(String(entry.gsi1sk)) ?? []),
    ...(page.LastEvaluatedKey
      ? { cursor: encodeCursor(page.LastEvaluatedKey as Record<string, string>) }
      : {}),
  };
}

export async function getIntegrator(id: string): Promise<Integrator | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: { pk: pk(id), sk: 'META' }, ConsistentRead: true }),
  );
  return strip<Integrator>(Item);
}

/** The integrator's keys and its audit trail, oldest first. */
export async function keysAndTrail(id: string): Promise<{ keys: IntegratorKey[]; trail: Change[] }> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk(id) },
    ConsistentRead: true,
  });
  const of = (prefix: string) => items.filter((item) => String(item.sk).startsWith(prefix));
  return {
    keys: of('KEY#').map((item) => strip<IntegratorKey>(item)!),
    trail: of('AUDIT#').map((item) => strip<Change>(item)!),
  };
}

/**
 * Adds a key to an integrator that exists, once: the same key again changes nothing and
 * answers false.
 */
export async function addKey(id: string, key: IntegratorKey, change: Change): Promise<boolean> {
  try {
    return await committed(
      [
        {
          ConditionCheck: {
            TableName: tableName(),
            Key: { pk: pk(id), sk: 'META' },
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { pk: pk(id), sk: keySk(key.keyid), entity: 'integrator-key', ...key },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        audit(id, change),
      ],
      1,
    );
  } catch (error) {
    if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') throw missingIntegrator(id);
    throw error;
  }
}

/** One key of an integrator, active or revoked. */
export async function getKey(id: string, keyid: string): Promise<IntegratorKey | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: { pk: pk(id), sk: keySk(keyid) }, ConsistentRead: true }),
  );
  return strip<IntegratorKey>(Item);
}

/** Revokes an active key; a key revoked already, or unknown, answers false. */
export function revokeKey(id: string, keyid: string, change: Change): Promise<boolean> {
  return committed(
    [
      {
        Update: {
          TableName: tableName(),
          Key: { pk: pk(id), sk: keySk(keyid) },
          UpdateExpression: 'SET #status = :revoked, revokedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':revoked': 'revoked', ':active': 'active', ':at': change.at },
        },
      },
      audit(id, change),
    ],
    0,
  );
}

/**
 * The integrator and key a signature names, read consistently (a key revoked a moment ago is
 * refused at once), when both are active.
 */
export async function activeKey(
  keyid: string,
): Promise<{ integrator: Integrator; key: IntegratorKey } | undefined> {
  const id = integratorOfKeyid(keyid);
  if (!id) return undefined;
  const items = await batchGet(
    [
      { pk: pk(id), sk: 'META' },
      { pk: pk(id), sk: keySk(keyid) },
    ],
    true,
  );
  const integrator = strip<Integrator>(items.find((item) => item.sk === 'META'));
  const key = strip<IntegratorKey>(items.find((item) => item.sk === keySk(keyid)));
  if (integrator?.status !== 'active' || key?.status !== 'active' || key.keyid !== keyid) return undefined;
  return { integrator, key };
}

/**
 * Records a signature's nonce, once: a second request with it is a replay, however close
 * behind the first. Kept until the signature could no longer be accepted anyway.
 */
export async function claimNonce(keyid: string, nonce: string, keepUntil: Date): Promise<boolean> {
  return conditionally(() =>
    documents.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          pk: `${PARTITIONS.nonce}${keyid}#${nonce}`,
          sk: 'NONCE',
          entity: 'nonce',
          expiresAt: Math.ceil(keepUntil.getTime() / 1000),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

/** Gives a nonce back: the request it came with was refused, and changed nothing. */
export async function releaseNonce(keyid: string, nonce: string): Promise<void> {
  await documents.send(
    new DeleteCommand({
      TableName: tableName(),
      Key: { pk: `${PARTITIONS.nonce}${keyid}#${nonce}`, sk: 'NONCE' },
    }),
  );
}

const missingIntegrator = (id: string) =>
  new DomainError('not-found', { vi: `Không có hệ thống tích hợp ${id}.`, en: `No integrator ${id}.` });
