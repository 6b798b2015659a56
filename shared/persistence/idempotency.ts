import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors.ts';
import { documents, type TransactPart, tableName } from './client.ts';
import { PARTITIONS, userPart } from './keys.ts';

/**
 * Idempotency records for creating POSTs:  pk=IDEM#USER:<caller>#<key>  sk=IDEM, kept 24 hours.
 *
 * The record is claimed before the work and completed in the same transaction as the work
 * itself, so a crash can never leave a dossier without its record (or the reverse). A claim
 * whose worker died is taken over once its lock lapses. A request that finds the key held
 * waits a little for the answer, well within its function's timeout, then says when to retry.
 */
const LOCK_SECONDS = 30;
const KEEP_SECONDS = 24 * 3600;
export const IDEMPOTENCY_WAIT_MS = 3_000;

const key = (scope: string, idempotencyKey: string) => ({
  pk: `${PARTITIONS.idempotency}${userPart(scope)}#${idempotencyKey}`,
  sk: 'IDEM',
});

export type Claim<T> = { kind: 'claimed' } | { kind: 'replay'; response: T };

export async function claim<T>(
  scope: string,
  idempotencyKey: string,
  requestHash: string,
  now: Date,
): Promise<Claim<T>> {
  const started = Date.now();
  const deadline = started + IDEMPOTENCY_WAIT_MS;
  // The system's time as it runs on while this request waits (locks lapse by it).
  const clockSeconds = () => (now.getTime() + Date.now() - started) / 1000;
  for (;;) {
    const seconds = Math.floor(clockSeconds());
    try {
      await documents.send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...key(scope, idempotencyKey),
            entity: 'idempotency',
            requestHash,
            status: 'in-progress',
            lockedUntil: seconds + LOCK_SECONDS,
            expiresAt: seconds + KEEP_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :progress AND lockedUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':progress': 'in-progress', ':now': seconds },
        }),
      );
      return { kind: 'claimed' };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    const { Item } = await documents.send(
      new GetCommand({ TableName: tableName(), Key: key(scope, idempotencyKey), ConsistentRead: true }),
    );
    if (Item && Item.requestHash !== requestHash) throw reused();
    if (Item?.status === 'done') return { kind: 'replay', response: Item.response as T };
    if (Date.now() > deadline) {
      const lockedFor = Number(Item?.lockedUntil ?? 0) - clockSeconds();
      throw new DomainError(
        'idempotency-in-progress',
        {
          vi: 'Yêu cầu với khóa này đang được xử lý; hãy gửi lại sau ít giây.',
          en: 'A request with this key is still being processed; send it again in a few seconds.',
        },
        [],
        Math.min(LOCK_SECONDS, Math.max(1, lockedFor)),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
  }
}

/** The stored answer for this key and request, if the work is done; 422 for another request. */
export async function completedResponse<T>(
  scope: string,
  idempotencyKey: string,
  requestHash: string,
): Promise<T | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: key(scope, idempotencyKey), ConsistentRead: true }),
  );
  if (Item && Item.requestHash !== requestHash) throw reused();
  return Item?.status === 'done' ? (Item.response as T) : undefined;
}

const reused = () =>
  new DomainError('idempotency-key-reused', {
    vi: 'Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác.',
    en: 'This Idempotency-Key was used for a different request.',
  });

/** Gives a claim up after the work failed, so that a retry need not wait for the lock. */
export async function release(scope: string, idempotencyKey: string): Promise<void> {
  await documents
    .send(
      new DeleteCommand({
        TableName: tableName(),
        Key: key(scope, idempotencyKey),
        ConditionExpression: '#status = :progress',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':progress': 'in-progress' },
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
}

/** The write that completes a claim, to go in the same transaction as the work. */
export function completion(
  scope: string,
  idempotencyKey: string,
  requestHash: string,
  response: unknown,
): TransactPart {
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: key(scope, idempotencyKey),
        UpdateExpression: 'SET #status = :done, #response = :response',
        ConditionExpression: 'requestHash = :hash AND #status = :progress',
        ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
        ExpressionAttributeValues: {
          ':done': 'done',
          ':progress': 'in-progress',
          ':response': response,
          ':hash': requestHash,
        },
      },
    },
    // The lock lapsed and the key was taken for another request meanwhile.
    failure: reused,
  };
}
