import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { DomainError } from '../domain/errors.ts';
import { ENV, resourceVariable } from '../env.ts';
import { traced } from '../observability.ts';
import { stamped } from './shapes.ts';

/**
 * Created once per execution environment. The endpoint comes from the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB` when the local runtime sets it, so no code here knows
 * which runtime it is in.
 */
export const documents = DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});

/**
 * Every item written whole (a put, alone, in a transaction or in a batch) carries its kind's
 * current shape, whichever module writes it: see shapes.ts.
 */
documents.middlewareStack.add(
  (next) => async (args) => next({ ...args, input: withShapes(args.input as WriteInput) }),
  { step: 'initialize', name: 'itemShapes', priority: 'high' },
);

type Item = Record<string, unknown>;
interface WriteInput {
  Item?: Item;
  TransactItems?: { Put?: { Item: Item } }[];
  RequestItems?: Record<string, unknown>;
}

function withShapes(input: WriteInput): WriteInput {
  if (input.Item) return { ...input, Item: stamped(input.Item) };
  if (input.TransactItems)
    return {
      ...input,
      TransactItems: input.TransactItems.map((part) =>
        part.Put ? { ...part, Put: { ...part.Put, Item: stamped(part.Put.Item) } } : part,
      ),
    };
  if (input.RequestItems)
    return {
      ...input,
      RequestItems: Object.fromEntries(
        Object.entries(input.RequestItems).map(([table, requests]) => [
          table,
          Array.isArray(requests)
            ? requests.map((request: { PutRequest?: { Item: Item } }) =>
                request.PutRequest ? { PutRequest: { Item: stamped(request.PutRequest.Item) } } : request,
              )
            : requests,
        ]),
      ),
    };
  return input;
}

export const tableName = (): string => resourceVariable(ENV.table, 'the table');

/** BatchGetItem takes at most this many keys a request. */
const BATCH_GET_LIMIT = 100;

/** Every item of these keys, a hundred a request, retrying what DynamoDB leaves unprocessed. */
export async function batchGet(
  keys: Record<string, unknown>[],
  consistent = false,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + BATCH_GET_LIMIT);
    while (pending?.length) {
      const result: BatchGetCommandOutput = await documents.send(
        new BatchGetCommand({
          RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: consistent } },
        }),
      );
      items.push(...(result.Responses?.[tableName()] ?? []));
      pending = result.UnprocessedKeys?.[tableName()]?.Keys;
    }
  }
  return items;
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A write that joins another module's transaction, with what its condition failing would
 * mean to the caller: a cancelled transaction is answered by the cause, not by a guess.
 */
export interface TransactPart {
  item: TransactItem;
  failure: () => DomainError;
}

/**
 * Writes a record's own items with other modules' parts in one transaction. A part whose
 * condition fails answers with its own failure; the own items failing (or a concurrent
 * transaction on them) means someone else changed the record: `stale()`.
 */
export async function transactWithParts(
  own: TransactItem[],
  also: readonly TransactPart[],
  stale: () => DomainError,
): Promise<void> {
  try {
    await documents.send(
      new TransactWriteCommand({ TransactItems: [...own, ...also.map((part) => part.item)] }),
    );
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons || throttled(reasons)) throw error;
    const failed = also.find((_part, at) => reasons[own.length + at] === 'ConditionalCheckFailed');
    throw failed ? failed.failure() : stale();
  }
}

/** An item without the table's key and index attributes: the record the code works with. */
export function withoutKeys({
  pk: _pk,
  sk: _sk,
  entity: _entity,
  shape: _shape,
  gsi1pk: _a,
  gsi1sk: _b,
  gsi2pk: _c,
  gsi2sk: _d,
  gsi3pk: _e,
  gsi3sk: _f,
  ...record
}: Record<string, unknown>): Record<string, unknown> {
  return record;
}

/** A transaction cancelled because DynamoDB was busy, not because of any item: nothing to say about the record. */
const throttled = (reasons: string[]) =>
  reasons.some((reason) => reason === 'ThrottlingError' || reason === 'ProvisionedThroughputExceeded') &&
  !reasons.includes('ConditionalCheckFailed');

/** Why each item of a cancelled transaction failed, in order (`None`, `ConditionalCheckFailed`, …). */
export function cancellationReasons(error: unknown): string[] | undefined {
  if ((error as Error | undefined)?.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}

/** Every item a Query finds, page after page. */
export async function queryAll(
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** A conditional write: true once written, false when its condition did not hold; any other failure is thrown. */
export async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * Runs a transaction: true once it commits, false when the item at `refusedAt` failed its
 * condition (the refusal the caller expects); any other failure is thrown.
 */
export async function committed(items: TransactItem[], refusedAt: number): Promise<boolean> {
  try {
    await documents.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (cancellationReasons(error)?.[refusedAt] === 'ConditionalCheckFailed') return false;
    throw error;
  }
}
