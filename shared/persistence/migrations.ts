import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionally, documents, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';
import { kindOf, type Patch, SHAPES, shapeOf, upgradeOf } from './shapes.ts';

/**
 * Brings every item of the table to its kind's current shape (shapes.ts), page by page, beside
 * the live code: an operator's run (no function is granted Scan), which `deploy` starts once the
 * new code is in and `npm start` on the local state.
 *
 * - Idempotent: an item is changed only while it is still at the shape it was read at, so a
 *   second run, or an item the new code wrote meanwhile, changes nothing.
 * - Resumable: the scan's position is saved after each page, so a run that stops (a crash,
 *   expired credentials) goes on from there; a finished run is remembered under the shapes it
 *   brought the table to.
 */
export interface MigrationReport {
  /** The shapes this run brings the table to, as a short digest (the run's name). */
  target: string;
  scanned: number;
  upgraded: number;
  /** Items that reached the current shape by another writer between the read and the change. */
  writtenMeanwhile: number;
  /** Items of no kind the table knows: reported (the first twenty by key), never changed. */
  unknownCount: number;
  unknown: string[];
  /** Whether this run found the table already migrated to these shapes. */
  alreadyDone: boolean;
  resumed: boolean;
}

interface Progress {
  cursor?: Record<string, unknown>;
  scanned: number;
  upgraded: number;
  writtenMeanwhile: number;
  unknownCount: number;
  unknown: string[];
  startedAt: string;
  finishedAt?: string;
}

const UNKNOWN_LISTED = 20;

/** The name of a run: a digest of the shapes it brings items to. */
export const migrationTarget = (): string =>
  createHash('sha256').update(JSON.stringify(SHAPES)).digest('hex').slice(0, 12);

const progressKey = (target: string) => ({ pk: PARTITIONS.migration, sk: `SHAPES#${target}` });

export async function migrateShapes(
  options: {
    pageSize?: number;
    maxPages?: number;
    onPage?: (progress: Progress) => void;
    now?: () => Date;
  } = {},
): Promise<MigrationReport> {
  const now = options.now ?? (() => new Date());
  const target = migrationTarget();
  const saved = await readProgress(target);
  if (saved?.finishedAt) return report(target, saved, { alreadyDone: true, resumed: false });
  const progress: Progress = saved ?? {
    scanned: 0,
    upgraded: 0,
    writtenMeanwhile: 0,
    unknownCount: 0,
    unknown: [],
    startedAt: now().toISOString(),
  };
  const resumed = saved !== undefined;
  let pages = 0;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: tableName(),
        ExclusiveStartKey: progress.cursor,
        Limit: options.pageSize ?? 500,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) await migrateItem(item, progress);
    progress.cursor = page.LastEvaluatedKey;
    if (!progress.cursor) progress.finishedAt = now().toISOString();
    await saveProgress(target, progress);
    options.onPage?.(progress);
    pages += 1;
  } while (progress.cursor && pages < (options.maxPages ?? Number.POSITIVE_INFINITY));
  return report(target, progress, { alreadyDone: false, resumed });
}

async function migrateItem(item: Record<string, unknown>, progress: Progress): Promise<void> {
  progress.scanned += 1;
  const outcome = await upgradeItem(item);
  if (outcome === 'upgraded') progress.upgraded += 1;
  if (outcome === 'written-meanwhile') progress.writtenMeanwhile += 1;
  if (outcome !== 'unknown') return;
  progress.unknownCount += 1;
  if (progress.unknown.length < UNKNOWN_LISTED)
    progress.unknown.push(`${String(item.pk)} ${String(item.sk)}`);
}

/**
 * One item, as read, brought to its kind's current shape: changed only while the table still
 * holds it at the shape it was read at, so that what another writer wrote since stays.
 */
export async function upgradeItem(
  item: Record<string, unknown>,
): Promise<'upgraded' | 'written-meanwhile' | 'current' | 'unknown'> {
  if (item.pk === PARTITIONS.migration) return 'current';
  if (!kindOf(item)) return 'unknown';
  const patch = upgradeOf(item);
  if (!patch) return 'current';
  return (await applyPatch(item, patch)) ? 'upgraded' : 'written-meanwhile';
}

/** The step's changes, only while the item is still at the shape it was read at. */
function applyPatch(item: Record<string, unknown>, patch: Patch): Promise<boolean> {
  const from = shapeOf(item);
  const set = Object.keys(patch.set);
  const attributes = [...new Set([...set, ...patch.remove, 'shape'])];
  const alias = (name: string) => `#a${attributes.indexOf(name)}`;
  const names = Object.fromEntries(attributes.map((name) => [alias(name), name]));
  const sets = set.map((name, at) => `${alias(name)} = :v${at}`);
  const removes = patch.remove.map(alias);
  return conditionally(() =>
    documents.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: [
          `SET ${sets.join(', ')}`,
          ...(removes.length ? [`REMOVE ${removes.join(', ')}`] : []),
        ].join(' '),
        ConditionExpression:
          from === 0
            ? `attribute_exists(pk) AND attribute_not_exists(${alias('shape')})`
            : `${alias('shape')} = :from`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ...Object.fromEntries(set.map((name, at) => [`:v${at}`, patch.set[name]])),
          ...(from === 0 ? {} : { ':from': from }),
        },
      }),
    ),
  );
}

async function readProgress(target: string): Promise<Progress | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: progressKey(target), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, entity: _entity, shape: _shape, ...progress } = Item;
  return progress as unknown as Progress;
}

async function saveProgress(target: string, progress: Progress): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...progressKey(target), entity: 'migration', ...progress },
    }),
  );
}

const report = (
  target: string,
  progress: Progress,
  how: { alreadyDone: boolean; resumed: boolean },
): MigrationReport => ({
  target,
  scanned: progress.scanned,
  upgraded: progress.upgraded,
  writtenMeanwhile: progress.writtenMeanwhile,
  unknownCount: progress.unknownCount,
  unknown: progress.unknown,
  ...how,
});

/** What an operator reads. */
export function migrationLines(report: MigrationReport): string[] {
  if (report.alreadyDone) return [`The table is at this release's shapes already (run ${report.target}).`];
  return [
    `Shapes ${report.target}${report.resumed ? ' (resumed)' : ''}: ${report.scanned} items read, ${report.upgraded} brought to their current shape, ${report.writtenMeanwhile} written meanwhile by the new code.`,
    ...(report.unknownCount
      ? [
          `${report.unknownCount} items of no kind the table knows were left as they are:`,
          ...report.unknown.map((key) => `  ${key}`),
        ]
      : []),
  ];
}
