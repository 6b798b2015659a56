import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';
import { UPSERTED_SHAPE, upsertedShape } from './shapes.ts';

/**
 * Fixed-window counters shared by every execution environment:  pk=RATE#<bucket>#<window>,
 * expiring with their window.
 */
export interface Hits {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Seconds until the window ends. */
  resetsIn: number;
}

export async function hit(bucket: string, windowSeconds: number, now: Date): Promise<Hits> {
  const seconds = now.getTime() / 1000;
  const window = Math.floor(seconds / windowSeconds);
  const { Attributes } = await documents.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: `${PARTITIONS.rateLimit}${bucket}#${window}`, sk: 'RATE' },
      UpdateExpression: `ADD hits :one SET expiresAt = :expires, ${UPSERTED_SHAPE}`,
      ExpressionAttributeValues: {
        ':one': 1,
        ':expires': (window + 2) * windowSeconds,
        ...upsertedShape('rate-limit'),
      },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return { hits: Attributes!.hits as number, resetsIn: Math.ceil((window + 1) * windowSeconds - seconds) };
}
