import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents, queryAll, tableName } from './client.ts';
import { PARTITIONS, userPart } from './keys.ts';

/** A draft as kept: its fields sealed; it goes at `expiresAt` (kept in seconds, the table's time to live). */
export interface DraftRecord {
  procedureCode: string;
  sealed: string;
  savedAt: string;
  expiresAt: string;
}

const draftsOf = (sub: string) => `${PARTITIONS.draft}${userPart(sub)}`;
const draftKey = (sub: string, procedureCode: string) => ({ pk: draftsOf(sub), sk: procedureCode });

export async function putDraft(sub: string, draft: DraftRecord): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...draftKey(sub, draft.procedureCode),
        entity: 'draft',
        ...draft,
        expiresAt: Math.floor(Date.parse(draft.expiresAt) / 1000),
      },
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
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': draftsOf(sub) },
    ProjectionExpression: 'procedureCode, savedAt, expiresAt',
  });
  return items.map(listedOf);
}

/** Removes a draft; false when there was none. */
export async function deleteDraft(sub: string, procedureCode: string): Promise<boolean> {
  const { Attributes } = await documents.send(
    new DeleteCommand({ TableName: tableName(), Key: draftKey(sub, procedureCode), ReturnValues: 'ALL_OLD' }),
  );
  return Attributes !== undefined;
}

const listedOf = (item: Record<string, unknown>): Omit<DraftRecord, 'sealed'> => ({
  procedureCode: String(item.procedureCode),
  savedAt: String(item.savedAt),
  expiresAt: new Date(Number(item.expiresAt) * 1000).toISOString(),
});

const recordOf = (item: Record<string, unknown>): DraftRecord => ({
  ...listedOf(item),
  sealed: String(item.sealed),
});
