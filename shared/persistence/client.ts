import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { table } from '../resources.ts';

/**
 * Created once per execution environment. The endpoint comes from the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB` when the local runtime sets it, so no code here knows
 * which runtime it is in.
 */
export const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export function tableName(): string {
  const name = process.env[table.envVar];
  if (!name) throw new Error(`${table.envVar} is not set: the function was not granted the table`);
  return name;
}
