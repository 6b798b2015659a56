import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';

/**
 * Fixed-window counters shared by every execution environment:  pk=RATE#<bucket>#<window>,
 * expiring with their window. Returns the number of hits in the current window.
 */
export async function hit(bucket: string, windowSeconds: number, now: Date): Promise<number> {
  const window = Math.floor(now.getTime() / 1000 / windowSeconds);
  const { Attributes } = await documents.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: `${PARTITIONS.rateLimit}${bucket}#${window}`, sk: 'RATE' },
      UpdateExpression: 'ADD hits :one SET expiresAt = :expires',
      ExpressionAttributeValues: { ':one': 1, ':expires': (window + 2) * windowSeconds },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Attributes!.hits as number;
}
