import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { staleVersion } from '../domain/errors.ts';
import type { Feedback } from '../domain/feedback.ts';
import { batchGet, cancellationReasons, documents, tableName } from './client.ts';
import { INDEX_PARTITIONS, PARTITIONS, userPart } from './keys.ts';

/**
 * Feedback and petitions.
 *
 *   feedback  pk=FEEDBACK#<id>  sk=FEEDBACK
 *             gsi2pk=FBINBOX#<unit>  gsi2sk=<answer by>#<id>      (while the unit has it to handle)
 *             gsi1pk=PUBLISHED#FEEDBACK  gsi1sk=<published at>#<id>  (once published)
 *   vote      pk=FEEDBACK#<id>  sk=VOTE#USER:<sub>                (one a citizen)
 */
const key = (id: string) => ({ pk: `${PARTITIONS.feedback}${id}`, sk: 'FEEDBACK' });

const OPEN: readonly Feedback['state'][] = [
  'received',
  'supplement-requested',
  'supplemented',
  'awaiting-publication',
];

function item(feedback: Feedback & { likes?: number; dislikes?: number }) {
  return {
    ...key(feedback.id),
    entity: 'feedback',
    ...feedback,
    ...(OPEN.includes(feedback.state)
      ? {
          gsi2pk: `${INDEX_PARTITIONS.gsi2.feedbackInbox}${feedback.unit}`,
          gsi2sk: `${feedback.answerBy}#${feedback.id}`,
        }
      : {}),
    ...(feedback.state === 'published'
      ? { gsi1pk: INDEX_PARTITIONS.gsi1.published, gsi1sk: `${feedback.publishedAt}#${feedback.id}` }
      : {}),
  };
}

export type StoredFeedback = Feedback & { likes: number; dislikes: number };

const stored = ({
  pk: _pk,
  sk: _sk,
  entity: _e,
  gsi1pk: _a,
  gsi1sk: _b,
  gsi2pk: _c,
  gsi2sk: _d,
  ...rest
}: Record<string, unknown>) => ({ likes: 0, dislikes: 0, ...rest }) as StoredFeedback;

export async function createFeedback(feedback: Feedback): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: item(feedback),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getFeedback(id: string): Promise<StoredFeedback | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: key(id), ConsistentRead: true }),
  );
  return Item ? stored(Item) : undefined;
}

/** Writes the next state, if nobody changed it since `readVersion` (else 409). */
export async function saveFeedback(feedback: StoredFeedback, readVersion: number): Promise<void> {
  try {
    await documents.send(
      new PutCommand({
        TableName: tableName(),
        Item: item(feedback),
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': readVersion },
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException')
      throw staleVersion({ vi: 'Phản ánh', en: 'The feedback' });
    throw error;
  }
}

/** A citizen's vote on a published answer, once: false when they voted before. */
export async function vote(id: string, sub: string, liked: boolean, now: Date): Promise<boolean> {
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: {
                pk: key(id).pk,
                sk: `VOTE#${userPart(sub)}`,
                entity: 'feedback-vote',
                liked,
                at: now.toISOString(),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: key(id),
              UpdateExpression: `ADD ${liked ? 'likes' : 'dislikes'} :one`,
              ConditionExpression: '#state = :published',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: { ':one': 1, ':published': 'published' },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return false;
    throw error;
  }
}

/** Published answers, newest first, those matching `words` (case and accents as typed). */
export async function publishedFeedback(limit: number, words?: string): Promise<StoredFeedback[]> {
  const found: StoredFeedback[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :published',
        ExpressionAttributeValues: { ':published': INDEX_PARTITIONS.gsi1.published },
        ScanIndexForward: false,
        Limit: 100,
        ExclusiveStartKey: start,
      }),
    );
    const items = (await batchGet((page.Items ?? []).map(({ pk, sk }) => ({ pk, sk })))).map(stored);
    items.sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
    const needle = words?.normalize('NFC').toLocaleLowerCase('vi');
    found.push(
      ...items.filter(
        (one) =>
          !needle ||
          `${one.publicQuestion} ${one.answer}`.normalize('NFC').toLocaleLowerCase('vi').includes(needle),
      ),
    );
    start = page.LastEvaluatedKey;
  } while (start && found.length < limit);
  return found.slice(0, limit);
}
