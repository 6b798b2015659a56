import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ACCESS_KEPT_DAYS, type AccessRecord } from '../domain/data-access.ts';
import { documents, tableName } from './client.ts';
import { PARTITIONS, userPart } from './keys.ts';
import { type Page, queryPage } from './paging.ts';

const accessOf = (sub: string) => `${PARTITIONS.dataAccess}${userPart(sub)}`;

/** One record of a read of the citizen's data, newest sorting last. */
export async function recordAccess(ownerSub: string, record: AccessRecord): Promise<void> {
  const expiresAt = Math.floor(Date.parse(record.at) / 1000) + ACCESS_KEPT_DAYS * 86_400;
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        pk: accessOf(ownerSub),
        sk: `${record.at}#${randomUUID()}`,
        entity: 'data-access',
        ...record,
        expiresAt,
      },
    }),
  );
}

export async function listAccess(sub: string, limit: number, cursor?: string): Promise<Page<AccessRecord>> {
  const page = await queryPage(
    {
      input: {
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': accessOf(sub) },
        ScanIndexForward: false,
      },
      keyAttributes: ['pk', 'sk'],
      accepts: (key) => key.pk === accessOf(sub),
    },
    limit,
    cursor,
  );
  return {
    ...page,
    items: page.items.map(({ at, code, by, why }) => ({ at, code, by, why }) as AccessRecord),
  };
}
