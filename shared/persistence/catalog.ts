import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { YearSchedule } from '../domain/calendar.ts';
import { ancestorsOf, flattenUnits, type OnlineLevel, type Procedure, type Unit } from '../domain/catalog.ts';
import { DomainError, staleVersion } from '../domain/errors.ts';
import type { ScoringYears } from '../domain/indicators.ts';
import { saveSchedules } from './calendar.ts';
import {
  batchGet,
  cancellationReasons,
  documents,
  queryAll,
  tableName,
  transactWithParts,
} from './client.ts';
import { PARTITIONS } from './keys.ts';
import { type Page, queryPage } from './paging.ts';
import { saveScoring } from './scoring.ts';

/**
 * The procedure catalog and the units tree. One partition holds the whole catalog: a
 * province has at most a few thousand procedures, read far more often than written.
 *
 *   procedure  pk=CATALOG  sk=PROC#<national code>
 *   version    pk=CATALOG  sk=PROCV#<national code>#<version, 6 digits>   (each text it has had)
 *   unit       pk=CATALOG  sk=UNIT#<agency code>
 *
 * Every text of a procedure is kept as a version: a dossier is judged by the version it was
 * filed under, whatever the catalogue says later.
 */
const PK = PARTITIONS.catalog;
const procedureKey = (code: string) => ({ pk: PK, sk: `PROC#${code}` });
const versionKey = (code: string, version: number) => ({
  pk: PK,
  sk: `PROCV#${code}#${String(version).padStart(6, '0')}`,
});
export const unitKey = (code: string) => ({ pk: PK, sk: `UNIT#${code}` });

type Schedules = Readonly<Record<string, YearSchedule>>;

/**
 * Where the current text of a procedure came from: the province config, an administrator, or
 * the National Database on Administrative Procedures.
 */
export type Origin = 'config' | 'admin' | 'national';

export interface ProcedureRecord extends Procedure {
  version: number;
  origin: Origin;
  updatedAt: string;
  updatedBy: string;
}

export interface ProcedureFilter {
  field?: string;
  unit?: string;
  level?: OnlineLevel;
}

export async function getProcedure(code: string): Promise<ProcedureRecord | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: procedureKey(code) }));
  return Item ? toRecord(Item) : undefined;
}

/**
 * The hot paths (submissions, hand-offs) read a procedure through a per-container cache of
 * one minute: an edit applies from at most a minute later, and each call saves a read.
 */
const PROCEDURE_CACHE_MS = 60_000;
const procedureCache = new Map<string, { procedure: ProcedureRecord; until: number }>();

export async function recentProcedure(code: string, now: Date): Promise<ProcedureRecord | undefined> {
  const cached = procedureCache.get(code);
  if (cached && cached.until > now.getTime()) return cached.procedure;
  const procedure = await getProcedure(code);
  if (procedure) procedureCache.set(code, { procedure, until: now.getTime() + PROCEDURE_CACHE_MS });
  return procedure;
}

const unitCache = new Map<string, { unit: Unit | undefined; until: number }>();

/** A unit, through a per-container cache of one minute (every officer request checks its own). */
export async function recentUnit(code: string, now: Date): Promise<Unit | undefined> {
  const cached = unitCache.get(code);
  if (cached && cached.until > now.getTime()) return cached.unit;
  const unit = (await getUnits([code])).get(code);
  unitCache.set(code, { unit, until: now.getTime() + PROCEDURE_CACHE_MS });
  return unit;
}

export async function listProcedures(
  filter: ProcedureFilter,
  limit: number,
  cursor?: string,
  readBudget?: number,
): Promise<Page<ProcedureRecord>> {
  const condition = filterExpression(filter);
  const page = await queryPage(
    {
      input: {
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': PK, ':prefix': 'PROC#', ...condition.values },
        ...(condition.expression ? { FilterExpression: condition.expression } : {}),
        ...(Object.keys(condition.names).length ? { ExpressionAttributeNames: condition.names } : {}),
      },
      keyAttributes: ['pk', 'sk'],
      accepts: (key) => key.pk === PK && key.sk?.startsWith('PROC#') === true,
      ...(readBudget ? { readBudget } : {}),
    },
    limit,
    cursor,
  );
  return { ...page, items: page.items.map(toRecord) };
}

function filterExpression(filter: ProcedureFilter) {
  const parts: string[] = [];
  const values: Record<string, string> = {};
  const names: Record<string, string> = {};
  if (filter.field) {
    parts.push('#field.#code = :field');
    Object.assign(names, { '#field': 'field', '#code': 'code' });
    values[':field'] = filter.field;
  }
  if (filter.level) {
    parts.push('#level = :level');
    names['#level'] = 'level';
    values[':level'] = filter.level;
  }
  if (filter.unit) {
    parts.push('(receivingUnit = :unit OR contains(handlingUnits, :unit))');
    values[':unit'] = filter.unit;
  }
  return { expression: parts.join(' AND '), values, names };
}

/**
 * An administrator's edit. The write is conditional on the version read, so two editors
 * cannot silently overwrite each other; `expectedVersion` comes from `If-Match`, which replacing
 * a procedure needs (428 without it) and creating one does not (there is nothing to overwrite).
 */
export async function saveProcedure(
  procedure: Procedure,
  actor: string,
  now: Date,
  expectedVersion?: number,
  origin: Origin = 'admin',
): Promise<ProcedureRecord> {
  const current = await getProcedure(procedure.code);
  const version = current?.version ?? 0;
  if (current && expectedVersion === undefined) {
    throw new DomainError('precondition-required', {
      vi: `Thủ tục ${procedure.code} đã có: cần gửi If-Match với phiên bản đã đọc (hiện là "${version}").`,
      en: `Procedure ${procedure.code} exists: send If-Match with the version you read (now "${version}").`,
    });
  }
  if (expectedVersion !== undefined && expectedVersion !== version) {
    throw new DomainError('stale-version', {
      vi: `Thủ tục đang ở phiên bản ${version}, không phải ${expectedVersion}.`,
      en: `The procedure is at version ${version}, not ${expectedVersion}.`,
    });
  }
  const record: ProcedureRecord = {
    ...procedure,
    version: version + 1,
    origin,
    updatedAt: now.toISOString(),
    updatedBy: actor,
  };
  await transactWithParts(
    [
      {
        Put: {
          TableName: tableName(),
          Item: { ...procedureKey(procedure.code), entity: 'procedure', ...record },
          ConditionExpression: current ? 'version = :version' : 'attribute_not_exists(pk)',
          ...(current ? { ExpressionAttributeValues: { ':version': version } } : {}),
        },
      },
      { Put: { TableName: tableName(), Item: versionItem(record) } },
    ],
    [],
    () => staleVersion({ vi: 'Thủ tục', en: 'The procedure' }),
  );
  return record;
}

const versionItem = (record: ProcedureRecord) => ({
  ...versionKey(record.code, record.version),
  entity: 'procedure-version',
  ...record,
});

/**
 * The text of a procedure a dossier was filed under: that version when it was kept, else the
 * current text (a dossier filed before versions were kept).
 */
export async function procedureAsFiled(
  code: string,
  version: number | undefined,
): Promise<ProcedureRecord | undefined> {
  if (version !== undefined) {
    const { Item } = await documents.send(
      new GetCommand({ TableName: tableName(), Key: versionKey(code, version) }),
    );
    if (Item) return toRecord(Item);
  }
  return getProcedure(code);
}

/** Every unit of the province, in the catalog's order (by code). */
export async function listUnits(): Promise<Unit[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :unit)',
    ExpressionAttributeValues: { ':pk': PK, ':unit': 'UNIT#' },
  });
  return items.map(
    ({ pk: _pk, sk: _sk, entity: _entity, shape: _shape, ...unit }) => unit as unknown as Unit,
  );
}

/** The units of the province among these codes, by code. */
export async function getUnits(codes: readonly string[]): Promise<Map<string, Unit>> {
  const items = await batchGet([...new Set(codes)].map(unitKey));
  return new Map(
    items.map(({ pk: _pk, sk: _sk, entity: _entity, shape: _shape, ...unit }) => [
      unit.code as string,
      unit as unknown as Unit,
    ]),
  );
}

/** The codes among these that are not units of the province. */
export async function unknownUnits(codes: readonly string[]): Promise<string[]> {
  const found = await getUnits(codes);
  return [...new Set(codes)].filter((code) => !found.has(code));
}

/**
 * Writes the province config's catalog. Units, the calendar and the index's weights always follow
 * the config; a procedure is written unless an administrator has edited it since, so a redeploy
 * never undoes an edit.
 */
export async function seedCatalog(
  {
    units,
    procedures,
    schedules,
    scoring,
  }: {
    units: readonly Unit[];
    procedures: readonly Procedure[];
    schedules: Schedules;
    scoring: ScoringYears;
  },
  now: Date,
): Promise<{ units: number; procedures: number; kept: number }> {
  const at = now.toISOString();
  await saveSchedules(schedules, at);
  await saveScoring(scoring, at);
  const flat = flattenUnits(units);
  const ancestors = ancestorsOf(units);
  await inBatches(flat, async (unit) => {
    const { children: _children, ...fields } = unit;
    await documents.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...unitKey(unit.code),
          entity: 'unit',
          ...fields,
          ancestors: ancestors.get(unit.code) ?? [],
          updatedAt: at,
        },
      }),
    );
  });
  let kept = 0;
  await inBatches(procedures, async (procedure) => {
    const record: ProcedureRecord = {
      ...procedure,
      version: 1,
      origin: 'config',
      updatedAt: at,
      updatedBy: 'config',
    };
    try {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: { ...procedureKey(procedure.code), entity: 'procedure', ...record },
                ConditionExpression: 'attribute_not_exists(pk) OR origin = :config',
                ExpressionAttributeValues: { ':config': 'config' },
              },
            },
            { Put: { TableName: tableName(), Item: versionItem(record) } },
          ],
        }),
      );
    } catch (error) {
      if (cancellationReasons(error)?.[0] !== 'ConditionalCheckFailed') throw error;
      kept += 1;
    }
  });
  return { units: flat.length, procedures: procedures.length - kept, kept };
}

async function inBatches<T>(
  items: readonly T[],
  write: (item: T) => Promise<void>,
  width = 10,
): Promise<void> {
  for (let start = 0; start < items.length; start += width) {
    await Promise.all(items.slice(start, start + width).map(write));
  }
}

function toRecord(item: Record<string, unknown>): ProcedureRecord {
  const { pk: _pk, sk: _sk, entity: _entity, shape: _shape, ...record } = item;
  return record as unknown as ProcedureRecord;
}
