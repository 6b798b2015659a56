import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';

/**
 * The local runtime's stand-ins for other systems (the national portal, a sector system, a
 * webhook receiver): what each was sent, and how many of the next requests it should refuse.
 *
 *   received  pk=RECEIVED#<name>  sk=AT#<time>#<id>
 *   failures  pk=RECEIVED#<name>  sk=FAIL
 */
export interface Received {
  id: string;
  receivedAt: string;
  operation: string;
  headers: Record<string, string>;
  /** The body exactly as it came. */
  body: string;
  /** What the stand-in answered. */
  answered: number;
}

const pk = (name: string) => `${PARTITIONS.devReceiver}${name}`;

/** Takes one of the failures asked for, if any is left: the status to answer with. */
export async function takeFailure(name: string): Promise<number | undefined> {
  try {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: pk(name), sk: 'FAIL' },
        UpdateExpression: 'SET remaining = remaining - :one',
        ConditionExpression: 'remaining > :zero',
        ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Number(Attributes?.status ?? 503);
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}

export async function failNext(name: string, times: number, status: number): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: { pk: pk(name), sk: 'FAIL', entity: 'dev-failures', remaining: times, status },
    }),
  );
}

export async function recordReceived(name: string, received: Omit<Received, 'id'>): Promise<void> {
  const id = randomUUID();
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: { pk: pk(name), sk: `AT#${received.receivedAt}#${id}`, entity: 'dev-received', id, ...received },
    }),
  );
}

export async function listReceived(name: string, limit: number): Promise<Received[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :at)',
      ExpressionAttributeValues: { ':pk': pk(name), ':at': 'AT#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map(({ pk: _pk, sk: _sk, entity: _entity, shape: _shape, ...item }) => item as Received);
}
