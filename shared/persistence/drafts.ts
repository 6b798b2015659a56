import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documents, tableName } from './client.ts';
import { PARTITIONS, userPart } from './keys.ts';

/** A draft as kept: its fields sealed, its time to live in seconds (`expiresAt`, the table's). */
export interface DraftRecord {
  procedureCode: string;
  sealed: string;
  savedAt: string;
  expiresAt: number;
}

const draftsOf = (sub: string) => `${PARTITIONS.draft}${userPart(sub)}`;
const draftKey = (sub: string, procedureCode: string) => ({ pk: draftsOf(sub), sk: procedureCode });

export async function putDraft(sub: string, draft: DraftRecord): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...draftKey(sub, draft.procedureCode), entity: 'draft', ...draft },
    }),
  );
}

export async function getDraft(sub: string, procedureCode: string): Promise<DraftRecord | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: draftKey(sub, procedureCode), ConsistentRead: true }),
  );
  return Item ? recordOf(Item) : undefined;
}

/** A citizen's drafts, without their fields: a citizen keeps one per procedure, a few at most. */
export async function listDrafts(sub: string): Promise<Omit<DraftRecord, 'sealed'>[]> {
  const drafts: Omit<DraftRecord, 'sealed'>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': draftsOf(sub) },
        ProjectionExpression: 'procedureCode, savedAt, expiresAt',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? [])
      drafts.push({
        procedureCode: String(item.procedureCode),
        savedAt: String(item.savedAt),
        expiresAt: Number(item.expiresAt),
      });
    start = page.LastEvaluatedKey;
  } while (start);
  return drafts;
}

/** Removes a draft; false when there was none. */
export async function deleteDraft(sub: string, procedureCode: string): Promise<boolean> {
  const { Attributes } = await documents.send(
    new DeleteCommand({ TableName: tableName(), Key: draftKey(sub, procedureCode), ReturnValues: 'ALL_OLD' }),
  );
  return Attributes !== undefined;
}

const recordOf = (item: Record<string, unknown>): DraftRecord => ({
  procedureCode: String(item.procedureCode),
  sealed: String(item.sealed),
  savedAt: String(item.savedAt),
  expiresAt: Number(item.expiresAt),
});
