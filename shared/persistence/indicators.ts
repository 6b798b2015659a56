import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Apology } from '../domain/deadline.ts';
import { COUNTERS, type Counts, type DossierMarks, type Period, zeroCounts } from '../domain/indicators.ts';
import { batchGet, cancellationReasons, documents, type TransactItem, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';
import { SHAPES } from './shapes.ts';

/**
 * The indicators' counters, the events they have counted and what they keep of each dossier.
 *
 *   counters  pk=IND#<scope>              sk=<period>  (scope: UNIT#<code>, PROC#<code>, PROVINCE)
 *   counted   pk=COUNTED#<event id>       sk=COUNTED   (kept 30 days, past any redelivery)
 *   marks     pk=COUNTED#DOSSIER#<code>   sk=MARKS     (a dossier's marks: resolved where, its
 *                                                       latest rating, complained about; versioned)
 *   late      pk=LATE#<month>             sk=DOSSIER#<ended at>#<code>  (a dossier resolved late,
 *                                                       with its apology letter's public part)
 *
 * An event's additions, its counted mark, its dossier's marks and a late dossier's entry are one
 * transaction: a repeated event adds nothing, and two events that change one dossier's marks at
 * once cannot both count (the second reads the marks again).
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

function addition({ key, counts }: Addition): TransactItem {
  const names = Object.keys(counts).filter((name) => counts[name as keyof Counts]);
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: `SET entity = :entity, shape = if_not_exists(shape, :shape) ADD ${names.map((_, at) => `#c${at} :c${at}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((name, at) => [`#c${at}`, name])),
      ExpressionAttributeValues: {
        ':entity': 'indicators',
        ':shape': SHAPES.indicators,
        ...Object.fromEntries(names.map((name, at) => [`:c${at}`, counts[name as keyof Counts]])),
      },
    },
  };
}

/** One addition per counter item (a transaction names an item once), none that adds nothing. */
function merged(targets: readonly Addition[]): Addition[] {
  const byKey = new Map<string, Addition>();
  for (const { key, counts } of targets) {
    const id = `${key.pk}\u0000${key.sk}`;
    const into = byKey.get(id) ?? { key, counts: {} };
    for (const [name, value] of Object.entries(counts))
      into.counts[name as keyof Counts] = (into.counts[name as keyof Counts] ?? 0) + (value ?? 0);
    byKey.set(id, into);
  }
  return [...byKey.values()].filter(({ counts }) => Object.values(counts).some((value) => value));
}

const marksKey = (code: string) => ({ pk: `${PARTITIONS.counted}DOSSIER#${code}`, sk: 'MARKS' });

/** A dossier's marks as last written, and their version (0 before the first). */
export async function readMarks(code: string): Promise<{ marks: DossierMarks; version: number }> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: marksKey(code), ConsistentRead: true }),
  );
  return { marks: (Item?.marks as DossierMarks | undefined) ?? {}, version: Number(Item?.version ?? 0) };
}

/** New marks of a dossier, written if they are still at the version read. */
export interface MarksWrite {
  code: string;
  marks: DossierMarks;
  readVersion: number;
}

function marksPut({ code, marks, readVersion }: MarksWrite): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...marksKey(code), entity: 'dossier-marks', marks, version: readVersion + 1 },
      ConditionExpression: readVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
      ...(readVersion === 0 ? {} : { ExpressionAttributeValues: { ':read': readVersion } }),
    },
  };
}

/**
 * Makes an event's additions once, with what else it writes: `repeated` when it was counted
 * before, `marks-changed` when its dossier's marks moved since they were read (read them again).
 */
export async function countOnce(
  eventId: string,
  targets: readonly Addition[],
  now: Date,
  also: { late?: LateDossier; marks?: MarksWrite } = {},
): Promise<'counted' | 'repeated' | 'marks-changed'> {
  const items: TransactItem[] = [
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
    ...merged(targets).map(addition),
    ...(also.late
      ? [
          {
            Put: {
              TableName: tableName(),
              Item: {
                pk: `${PARTITIONS.late}${also.late.month}`,
                sk: `DOSSIER#${also.late.endedAt}#${also.late.code}`,
                entity: 'late-dossier',
                ...also.late,
              },
            },
          },
        ]
      : []),
  ];
  const marksAt = items.length;
  if (also.marks) items.push(marksPut(also.marks));
  try {
    await documents.send(new TransactWriteCommand({ TransactItems: items }));
    return 'counted';
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[0] === 'ConditionalCheckFailed') return 'repeated';
    if (also.marks && reasons?.[marksAt] === 'ConditionalCheckFailed') return 'marks-changed';
    throw error;
  }
}

/**
 * A dossier resolved late as the public sees it: its code, procedure and unit, when it was due
 * and when it ended, and its apology letter's public part if it had one — never its applicant.
 */
export interface LateDossier {
  month: string;
  code: string;
  procedureCode: string;
  unit: string;
  dueAt: string;
  endedAt: string;
  /** It had its apology and extension letter. */
  apologised: boolean;
  apology?: Apology;
}

/** The month's dossiers resolved late, the latest first. */
export async function lateDossiers(month: string, limit: number): Promise<LateDossier[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :dossiers)',
      ExpressionAttributeValues: { ':pk': `${PARTITIONS.late}${month}`, ':dossiers': 'DOSSIER#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map(({ pk: _pk, sk: _sk, entity: _entity, shape: _shape, ...late }) => late as LateDossier);
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
