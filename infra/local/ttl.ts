import { DeleteItemCommand, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { table } from '../../shared/resources.ts';

/**
 * What DynamoDB's time to live does on AWS, which DynamoDB Local does not: items whose
 * `expiresAt` has passed are deleted by "the service". Their keys are remembered, so that the
 * stream poller can mark those removals as the service's, as the stream does on AWS
 * (`userIdentity` of type Service, dynamodb.amazonaws.com).
 */
export interface TimeToLive {
  /** Deletes what has expired; returns how many. */
  sweep(now: Date): Promise<number>;
  /** Whether a removal of these keys was a time-to-live deletion. */
  removedByService(keys: Record<string, unknown> | undefined): boolean;
}

export function timeToLive(dynamodb: DynamoDBClient, tableName: string): TimeToLive {
  const removed = new Set<string>();
  const id = (pk: unknown, sk: unknown) => JSON.stringify([pk, sk]);
  return {
    async sweep(now) {
      let count = 0;
      let startKey: Record<string, never> | undefined;
      do {
        const page = await dynamodb.send(
          new ScanCommand({
            TableName: tableName,
            FilterExpression: '#ttl < :now',
            ExpressionAttributeNames: { '#ttl': table.timeToLiveAttribute },
            ExpressionAttributeValues: { ':now': { N: String(Math.floor(now.getTime() / 1000)) } },
            ProjectionExpression: 'pk, sk, #ttl',
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          const key = { pk: item.pk!, sk: item.sk! };
          removed.add(id(key.pk, key.sk));
          await dynamodb
            .send(
              new DeleteItemCommand({
                TableName: tableName,
                Key: key,
                // Not if it was given a new lease of life meanwhile.
                ConditionExpression: '#ttl = :seen',
                ExpressionAttributeNames: { '#ttl': table.timeToLiveAttribute },
                ExpressionAttributeValues: { ':seen': item[table.timeToLiveAttribute]! },
              }),
            )
            .then(() => (count += 1))
            .catch((error: Error) => {
              removed.delete(id(key.pk, key.sk));
              if (error.name !== 'ConditionalCheckFailedException') throw error;
            });
        }
        startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
      } while (startKey);
      return count;
    },
    removedByService(keys) {
      return keys !== undefined && removed.has(id(keys.pk, keys.sk));
    },
  };
}
