import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { COUNTERS, type Counts, type Period, zeroCounts } from '../domain/indicators.ts';
import { batchGet, committed, documents, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';

/**
 * The indicators' counters and the events they have counted.
 *
 *   counters  pk=IND#<scope>        sk=<period>   (scope: UNIT#<code>, PROC#<code>, PROVINCE)
 *   counted   pk=COUNTED#<event id> sk=COUNTED    (kept 30 days, past any redelivery)
 *   late      pk=LATE#<month>       sk=<letter time>#<code>  (an apology letter, for the public)
 *
 * An event's additions and its counted mark are one transaction: a repeated event adds
 * nothing.
 */
const KEEP_COUNTED_SECONDS = 30 * 24 * 3600;

export const counterKey = (scope: string, period: Period) => ({
  pk: `${PARTITIONS.indicator}${scope}`,
  sk: period,
});

/** Where an event's counts go: a counter item, and what it adds there. */
export interface Addition {
  key: { pk: string; sk: string };
  counts: Partial<Counts>;
}

/** An officer's own counters, all of a unit's officers in one partition, listed by period. */
export const officerKey = (unit: string, sub: string, period: Period) => ({
  pk: `${PARTITIONS.indicator}OFFICERS#${unit}`,
  sk: `${period}#${sub}`,
});

function addition({ key, counts }: Addition) {
  const names = Object.keys(counts).filter((name) => counts[name as keyof Counts]);
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: `SET entity = :entity ADD ${names.map((_, at) => `#c${at} :c${at}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((name, at) => [`#c${at}`, name])),
      ExpressionAttributeValues: {
        ':entity': 'indicators',
        ...Object.fromEntries(names.map((name, at) => [`:c${at}`, counts[name as keyof Counts]])),
      },
    },
  };
}

/** Makes an event's additions, once; false when it was counted before. */
export async function countOnce(
  eventId: string,
  targets: readonly Addition[],
  now: Date,
  letter?: LateLetter,
): Promise<boolean> {
  const additions = targets.map(addition);
  return committed(
    [
      {
        Put: {
          TableName: tableName(),
          Item: {
            pk: `${PARTITIONS.counted}${eventId}`,
            sk: 'COUNTED',
            entity: 'counted',
            expiresAt: Math.floor(now.getTime() / 1000) + KEEP_COUNTED_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...additions,
      ...(letter
        ? [
            {
              Put: {
                TableName: tableName(),
                Item: {
                  pk: `${PARTITIONS.late}${letter.month}`,
                  sk: `${letter.at}#${letter.code}`,
                  entity: 'late-letter',
                  ...letter,
                },
              },
            },
          ]
        : []),
    ],
    0,
  );
}

/** An apology and extension letter as the public sees it: the dossier's code, never its applicant. */
export interface LateLetter {
  month: string;
  code: string;
  procedureCode: string;
  unit: string;
  at: string;
  reason: string;
  newDueAt: string;
}

/** The month's latest letters, newest first. */
export async function lateLetters(month: string, limit: number): Promise<LateLetter[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `${PARTITIONS.late}${month}` },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map(({ pk: _pk, sk: _sk, entity: _entity, ...letter }) => letter as LateLetter);
}

/** Several scopes' counters for one period, by scope. */
export async function countsOf(scopes: readonly string[], period: Period): Promise<Map<string, Counts>> {
  const items = await batchGet(scopes.map((scope) => counterKey(scope, period)));
  return new Map(
    scopes.map((scope) => {
      const item = items.find((one) => one.pk === `${PARTITIONS.indicator}${scope}`);
      const counts = zeroCounts();
      for (const name of COUNTERS) counts[name] = Number(item?.[name] ?? 0);
      return [scope, counts];
    }),
  );
}

/** A scope's counters for a period; all zero when nothing was counted. */
export async function getCounts(scope: string, period: Period): Promise<Counts> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: counterKey(scope, period) }),
  );
  const counts = zeroCounts();
  for (const name of COUNTERS) counts[name] = Number(Item?.[name] ?? 0);
  return counts;
}

/** The officers of a unit who resolved dossiers in a period, with their counts. */
export async function officersOf(
  unit: string,
  period: Period,
): Promise<{ officer: string; counts: Counts }[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :period)',
      ExpressionAttributeValues: { ':pk': officerKey(unit, '', period).pk, ':period': `${period}#` },
    }),
  );
  return Items.map((item) => {
    const counts = zeroCounts();
    for (const name of COUNTERS) counts[name] = Number(item[name] ?? 0);
    return { officer: String(item.sk).slice(period.length + 1), counts };
  });
}
