import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandOutput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV, resourceVariable } from '../env.ts';

/**
 * Created once per execution environment. The endpoint comes from the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB` when the local runtime sets it, so no code here knows
 * which runtime it is in.
 */
export const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const tableName = (): string => resourceVariable(ENV.table, 'the table');

/** Every item of these keys (at most 100), retrying what DynamoDB leaves unprocessed. */
export async function batchGet(
  keys: Record<string, unknown>[],
  consistent = false,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let pending: Record<string, unknown>[] | undefined = keys;
  while (pending?.length) {
    const result: BatchGetCommandOutput = await documents.send(
      new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: consistent } } }),
    );
    items.push(...(result.Responses?.[tableName()] ?? []));
    pending = result.UnprocessedKeys?.[tableName()]?.Keys;
  }
  return items;
}
