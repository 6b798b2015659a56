import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { staleVersion } from '../domain/errors.ts';
import { documents, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';

/**
 * The checkpointer's progress:  pk=CHECKPOINT  sk=PROGRESS. Only where to go on from; the
 * checkpoints themselves live outside the table, where no function can rewrite them.
 */
export interface Progress {
  /** The last checkpoint written, 0 before the first. */
  number: number;
  /** The end of the window it covered: the next one starts there. */
  until: string;
  /** Its signed JWS, which the next one names by hash. */
  jws?: string;
}

const key = { pk: PARTITIONS.checkpoints, sk: 'PROGRESS' };

export async function getProgress(): Promise<Progress | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }),
  );
  return Item
    ? { number: Item.number, until: Item.until, ...(Item.jws ? { jws: Item.jws } : {}) }
    : undefined;
}

/** Moves on from checkpoint `after`; a checkpointer that raced another finds it moved and stops. */
export async function saveProgress(progress: Progress, after: number): Promise<void> {
  await documents
    .send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key, entity: 'checkpoint-progress', ...progress },
        ConditionExpression: after === 0 ? 'attribute_not_exists(pk)' : '#number = :after',
        ...(after === 0
          ? {}
          : {
              ExpressionAttributeNames: { '#number': 'number' },
              ExpressionAttributeValues: { ':after': after },
            }),
      }),
    )
    .catch((error: Error) => {
      throw error.name === 'ConditionalCheckFailedException'
        ? staleVersion({ vi: 'Mốc', en: 'The checkpoint' })
        : error;
    });
}
