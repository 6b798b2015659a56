import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { localDate } from '../domain/calendar.ts';
import { feedbackHistoryName, type Head } from '../domain/checkpoints.ts';
import { staleVersion } from '../domain/errors.ts';
import { currentDeadline, type Feedback, type FeedbackEvent, publishedView } from '../domain/feedback.ts';
import { GENESIS } from '../domain/history.ts';
import { changeKeys } from './changes.ts';
import {
  batchGet,
  cancellationReasons,
  documents,
  queryAll,
  type TransactItem,
  type TransactPart,
  tableName,
  transactWithParts,
  withoutKeys,
} from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { FEEDBACK_DUE } from './due.ts';
import { INDEX_PARTITIONS, PARTITIONS, userPart } from './keys.ts';

/**
 * Feedback and petitions.
 *
 *   feedback  pk=FEEDBACK#<id>  sk=FEEDBACK
 *             gsi2pk=FBINBOX#<unit>  gsi2sk=<due>#<id>               (while open at the unit)
 *             gsi3pk=DUE#<due day>  gsi3sk=FB#<due>#<deadline>#<id>   (while a deadline runs; see due.ts)
 *             gsi1pk=PUBLISHED#FEEDBACK  gsi1sk=<published at>#<id>  (once published)
 *   event     pk=FEEDBACK#<id>  sk=EVENT#<seq, 6 digits>         (its history; the outbox publishes it)
 *             gsi1pk=CHANGES#<hour>  gsi1sk=<at>#feedback:<id>#<seq>   (the checkpoints' index; see changes.ts)
 *   vote      pk=FEEDBACK#<id>  sk=VOTE#USER:<sub>                (one a citizen)
 */
const key = (id: string) => ({ pk: `${PARTITIONS.feedback}${id}`, sk: 'FEEDBACK' });
const eventKey = (id: string, seq: number) => ({
  pk: `${PARTITIONS.feedback}${id}`,
  sk: `EVENT#${String(seq).padStart(6, '0')}`,
});

const OPEN: readonly Feedback['state'][] = [
  'received',
  'supplement-requested',
  'supplemented',
  'awaiting-publication',
];

/** Where open feedback sorts in its unit's inbox: by the deadline it is held to (while the author supplements, the answer's). */
const inboxOrder = (feedback: Feedback) =>
  `${currentDeadline(feedback)?.dueAt ?? feedback.answerBy}#${feedback.id}`;

function item(feedback: Feedback & { likes?: number; dislikes?: number }) {
  const deadline = currentDeadline(feedback);
  return {
    ...key(feedback.id),
    entity: 'feedback',
    ...feedback,
    ...(OPEN.includes(feedback.state)
      ? {
          gsi2pk: `${INDEX_PARTITIONS.gsi2.feedbackInbox}${feedback.unit}`,
          gsi2sk: inboxOrder(feedback),
        }
      : {}),
    ...(deadline
      ? {
          gsi3pk: `${INDEX_PARTITIONS.gsi3.due}${localDate(new Date(deadline.dueAt))}`,
          gsi3sk: `${FEEDBACK_DUE}${deadline.dueAt}#${deadline.kind}#${feedback.id}`,
        }
      : {}),
    ...(feedback.state === 'published'
      ? { gsi1pk: INDEX_PARTITIONS.gsi1.published, gsi1sk: `${feedback.publishedAt}#${feedback.id}` }
      : {}),
  };
}

export type StoredFeedback = Feedback & { likes: number; dislikes: number };

const stored = (item: Record<string, unknown>) =>
  // Feedback kept before it had files and a history reads as having none yet.
  ({
    likes: 0,
    dislikes: 0,
    attachments: [],
    eventCount: 0,
    lastEventHash: GENESIS,
    ...withoutKeys(item),
  }) as unknown as StoredFeedback;

const eventPut = (event: FeedbackEvent): TransactItem => ({
  Put: {
    TableName: tableName(),
    Item: {
      ...eventKey(event.feedbackId, event.seq),
      entity: 'feedback-event',
      ...changeKeys(event.at, feedbackHistoryName(event.feedbackId), event.seq),
      ...event,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/**
 * Writes the feedback, its history entry and `also` (its files marked used) at once; a write
 * whose condition fails is that part's failure, else the version's (409).
 */
function commit(feedback: TransactItem, event: FeedbackEvent, also: readonly TransactPart[]) {
  return transactWithParts([feedback, eventPut(event)], also, () =>
    staleVersion({ vi: 'Phản ánh', en: 'The feedback' }),
  );
}

export async function createFeedback(
  feedback: Feedback,
  event: FeedbackEvent,
  also: readonly TransactPart[],
): Promise<void> {
  const put = {
    TableName: tableName(),
    Item: item(feedback),
    ConditionExpression: 'attribute_not_exists(pk)',
  };
  await commit({ Put: put }, event, also);
}

/** The heads of these feedback histories (by id), named as the checkpoints name them. */
export async function feedbackHeadsOf(ids: readonly string[]): Promise<Head[]> {
  const items = await batchGet(ids.map(key), true);
  return items.map((item) => ({
    code: feedbackHistoryName(String(item.id)),
    count: Number(item.eventCount),
    hash: String(item.lastEventHash),
  }));
}

/** The history, oldest first. */
export async function feedbackHistory(id: string): Promise<FeedbackEvent[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
    ExpressionAttributeValues: { ':pk': key(id).pk, ':events': 'EVENT#' },
    ConsistentRead: true,
  });
  return items.map((item) => withoutKeys(item) as unknown as FeedbackEvent);
}

/** The feedback open at a unit, the nearest deadline first. */
export async function feedbackInbox(unit: string, limit: number): Promise<StoredFeedback[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :unit',
      ExpressionAttributeValues: { ':unit': `${INDEX_PARTITIONS.gsi2.feedbackInbox}${unit}` },
      Limit: limit,
    }),
  );
  const items = (
    await batchGet(
      Items.map(({ pk, sk }) => ({ pk, sk })),
      true,
    )
  ).map(stored);
  return items.sort((a, b) => inboxOrder(a).localeCompare(inboxOrder(b)));
}

export async function getFeedback(id: string): Promise<StoredFeedback | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: key(id), ConsistentRead: true }),
  );
  return Item ? stored(Item) : undefined;
}

/** Writes the next state and its history entry, if nobody changed it since `readVersion` (else 409). */
export async function saveFeedback(
  feedback: StoredFeedback,
  event: FeedbackEvent,
  readVersion: number,
): Promise<void> {
  const put = {
    TableName: tableName(),
    Item: item(feedback),
    ConditionExpression: 'version = :read',
    ExpressionAttributeValues: { ':read': readVersion },
  };
  await commit({ Put: put }, event, []);
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

/** How many published answers one search reads at most: a search that matches nothing stops here. */
export const PUBLISHED_READ_PER_SEARCH = 300;

const PUBLISHED_KEY = ['gsi1pk', 'gsi1sk', 'pk', 'sk'] as const;

/**
 * Published answers, newest first, those whose public texts hold `words` when given (case and
 * accents as typed: what was scrubbed from them cannot be searched for). One call reads at most
 * PUBLISHED_READ_PER_SEARCH answers, in pages of the index: what it found, and the cursor to
 * read on from when it stopped before the end.
 */
export async function publishedPage(
  limit: number,
  words?: string,
  cursor?: string,
  budget = PUBLISHED_READ_PER_SEARCH,
): Promise<{ items: StoredFeedback[]; cursor?: string }> {
  const needle = words?.normalize('NFC').toLocaleLowerCase('vi');
  const matches = (one: StoredFeedback) => {
    if (!needle) return true;
    const shown = publishedView(one);
    return `${shown.question} ${shown.answer}`.normalize('NFC').toLocaleLowerCase('vi').includes(needle);
  };
  const found: StoredFeedback[] = [];
  let start: Record<string, unknown> | undefined = cursor
    ? decodeCursor(cursor, PUBLISHED_KEY, (key) => key.gsi1pk === INDEX_PARTITIONS.gsi1.published)
    : undefined;
  let read = 0;
  while (read < budget) {
    const page = await documents.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :published',
        ExpressionAttributeValues: { ':published': INDEX_PARTITIONS.gsi1.published },
        ScanIndexForward: false,
        Limit: Math.min(100, budget - read),
        ExclusiveStartKey: start,
      }),
    );
    const entries = page.Items ?? [];
    read += entries.length;
    const items = await batchGet(entries.map(({ pk, sk }) => ({ pk, sk })));
    const byKey = new Map(items.map((item) => [`${item.pk}|${item.sk}`, item]));
    for (const entry of entries) {
      const item = byKey.get(`${entry.pk}|${entry.sk}`);
      if (!item) continue;
      const one = stored(item);
      if (!matches(one)) continue;
      found.push(one);
      if (found.length === limit) {
        const last = Object.fromEntries(PUBLISHED_KEY.map((name) => [name, String(entry[name])]));
        const more = entry !== entries.at(-1) || page.LastEvaluatedKey !== undefined;
        return { items: found, ...(more ? { cursor: encodeCursor(last) } : {}) };
      }
    }
    start = page.LastEvaluatedKey;
    if (!start) return { items: found };
  }
  return { items: found, cursor: encodeCursor(start as Record<string, string>) };
}

/** The newest published answers (the public page's). */
export async function publishedFeedback(limit: number): Promise<StoredFeedback[]> {
  return (await publishedPage(limit)).items;
}
