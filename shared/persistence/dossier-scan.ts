import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documents, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';

/**
 * Operators' reads of a whole table, apart from the request paths (no function is granted
 * Scan): the key layout is the dossiers module's.
 */

/**
 * The code of every dossier in the table: a full scan, for an operator's check of a restored
 * table (no function is granted Scan).
 */
export async function scanDossierCodes(): Promise<string[]> {
  const codes: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'sk = :dossier AND begins_with(pk, :prefix)',
        ExpressionAttributeValues: { ':dossier': 'DOSSIER', ':prefix': PARTITIONS.dossier },
        ProjectionExpression: 'code',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) codes.push(String(item.code));
    start = page.LastEvaluatedKey;
  } while (start);
  return codes.sort();
}
