import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { localDate } from '../domain/calendar.ts';
import type { FileVerdict } from '../domain/channel-files.ts';
import type { Head } from '../domain/checkpoints.ts';
import { type Dossier, type NationalState, TERMINAL } from '../domain/dossier.ts';
import type { Chain, DossierEvent } from '../domain/dossier-events.ts';
import { staleVersion } from '../domain/errors.ts';
import type { Filer } from '../domain/submission.ts';
import { changeKeys } from './changes.ts';
import {
  batchGet,
  conditionally,
  documents,
  type TransactItem,
  type TransactPart,
  tableName,
  transactWithParts,
  withoutKeys,
} from './client.ts';
import { INDEX_PARTITIONS, PARTITIONS, userPart } from './keys.ts';
import { type Page, queryPage } from './paging.ts';
import { UPSERTED_SHAPE, upsertedShape } from './shapes.ts';

/**
 * Dossiers, their hash-chained history and their daily code counters.
 *
 *   dossier   pk=DOSSIER#<code>  sk=DOSSIER       (small: every transition rewrites it)
 *   application  pk=DOSSIER#<code>  sk=APPLICATION  (the applicant's data, written once)
 *             gsi1 OWNER#USER:<sub>   <submittedAt>#<code>   a citizen's dossiers, newest first
 *             gsi2 INBOX#<unit>       <stepDueAt|dueAt|~>#<code>  a unit's inbox by due date
 *             gsi3 DUE#<yyyy-mm-dd>   <dueAt>#<code>         open dossiers by due date (sparse);
 *                                     <stepDueAt>#<code>#<dueAt>  at a unit a dossier was transferred to
 *   event     pk=DOSSIER#<code>  sk=EVENT#<seq, 6 digits>  — the stream publishes these (outbox)
 *             gsi1 CHANGES#<yyyy-mm-ddThh, UTC>  <at>#<code>#<seq>   events by the hour written (checkpoints)
 *   counter   pk=SEQ#<agency>#<yymmdd>  sk=SEQ
 *   due mark  pk=DUEMARK#<code>  sk=<KIND>#<dueAt>   (the sweep's alerts, once per due date)
 */
export interface Applicant {
  kind: 'citizen' | 'business';
  fullName: string;
  idNumber?: string;
  dateOfBirth?: string;
  taxCode?: string;
  phone: string;
  email?: string;
  address: string;
}

/** A file of the dossier: name, type, size and SHA-256 as verified. */
export interface AttachedFileRecord {
  uploadId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  /** A file another system holds (a dossier filed through another channel): where it serves it. */
  url?: string;
}

export interface Application {
  applicant: Applicant;
  formData: Record<string, unknown>;
  components: { componentId: string; uploadIds: string[]; files: AttachedFileRecord[] }[];
  delivery: { method: 'online' | 'post'; address?: string };
  /** Who filed it: verified by the issuer or not, for themself or on someone's behalf. */
  filer?: Filer;
  /** Contact details the filer's issuer had verified when the dossier was submitted. */
  verifiedContacts?: { email?: string; phone?: string };
  /** The signed proof of submission given to the applicant. */
  receiptProof?: string;
  /** Mã tra cứu: printed on the receipt, asked by the public look-up. */
  lookupSecret?: string;
}

/** The dossier item: what transitions rewrite. The application is written once, beside it. */
export type DossierRecord = Dossier &
  Chain & {
    procedureName: string;
    /** The catalogue's version of the procedure it was filed under: it is judged by that text. */
    procedureVersion?: number;
    /** Số hóa (Thông tư 01/2023/TT-VPCP): components with files, and an electronic result. */
    digitisation: { components: boolean; result: boolean };
    supplementFiles?: AttachedFileRecord[];
    resultFiles?: AttachedFileRecord[];
    /** Filed through another channel (the national portal, a kiosk): its integrator and code there. */
    channel?: { integrator: string; reference: string };
    /** The files that channel named by address, by their upload id there: fetched clean, or refused. */
    channelFiles?: Record<string, FileVerdict>;
    /** Filed by an officer at a desk, the applicant there in person or writing by post; online when absent. */
    filedAtDesk?: 'in-person' | 'post';
    /** What units outside the deployment sent back, with the files their systems hold. */
    externalResults?: { unit: string; at: string; summary: string; files: AttachedFileRecord[] }[];
  };

const dossierPk = (code: string) => `${PARTITIONS.dossier}${code}`;
export const dossierKey = (code: string) => ({ pk: dossierPk(code), sk: 'DOSSIER' });
export const applicationKey = (code: string) => ({ pk: dossierPk(code), sk: 'APPLICATION' });
const ownerPk = (sub: string) => `${INDEX_PARTITIONS.gsi1.owner}${userPart(sub)}`;
const inboxPk = (unit: string) => `${INDEX_PARTITIONS.gsi2.inbox}${unit}`;
const eventKey = (code: string, seq: number) => ({
  pk: dossierPk(code),
  sk: `EVENT#${String(seq).padStart(6, '0')}`,
});
const OPEN: readonly NationalState[] = [1, 2, 4, 5, 6, 7];

function indexKeys(dossier: DossierRecord): Record<string, string> {
  const keys: Record<string, string> = {
    gsi1pk: ownerPk(dossier.ownerSub),
    gsi1sk: `${dossier.submittedAt}#${dossier.code}`,
  };
  // A unit's inbox holds what is not finished: a finished dossier leaves the index, so that
  // reading an inbox costs what is in it, never what the unit has handled over the years.
  if (!TERMINAL.includes(dossier.state)) {
    keys.gsi2pk = inboxPk(dossier.currentUnit);
    // A transferred step is ordered by its own deadline in the receiving unit's inbox.
    keys.gsi2sk = `${dossier.stepDueAt ?? dossier.dueAt ?? '~'}#${dossier.code}`;
  }
  // A transferred step is indexed by its own deadline (never after the dossier's, which
  // follows in the key), so that the sweep finds both.
  const first = dossier.stepDueAt ?? dossier.dueAt;
  if (first && OPEN.includes(dossier.state)) {
    keys.gsi3pk = `${INDEX_PARTITIONS.gsi3.due}${localDate(new Date(first))}`;
    keys.gsi3sk = dossier.stepDueAt
      ? `${first}#${dossier.code}#${dossier.dueAt ?? ''}`
      : `${first}#${dossier.code}`;
  }
  return keys;
}

/** A dossier as the table holds it: its keys and index keys with it (the bench seeds with it too). */
export const dossierItem = (dossier: DossierRecord) => ({
  ...dossierKey(dossier.code),
  entity: 'dossier',
  ...indexKeys(dossier),
  ...dossier,
});
const eventItem = (event: DossierEvent) => ({
  ...eventKey(event.code, event.seq),
  entity: 'event',
  // Every event is listed by the hour it was written in, for the history checkpoints.
  ...changeKeys(event.at, event.code, event.seq),
  ...event,
});

/** The next number of the agency's daily sequence (atomic; kept 40 days). */
export async function nextSequence(agency: string, day: string, now: Date): Promise<number> {
  const { Attributes } = await documents.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: `${PARTITIONS.sequence}${agency}#${day}`, sk: 'SEQ' },
      UpdateExpression: `ADD #value :one SET expiresAt = if_not_exists(expiresAt, :expires), ${UPSERTED_SHAPE}`,
      ExpressionAttributeNames: { '#value': 'value' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':expires': Math.floor(now.getTime() / 1000) + 40 * 86_400,
        ...upsertedShape('sequence'),
      },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Attributes!.value as number;
}

/**
 * A new dossier, its first history event and its application, with the other modules'
 * writes, in one transaction. A cancelled transaction is answered by the part that failed.
 */
export async function createDossier(
  dossier: DossierRecord,
  application: Application,
  event: DossierEvent,
  also: readonly TransactPart[] = [],
): Promise<void> {
  const own = [
    {
      Put: {
        TableName: tableName(),
        Item: dossierItem(dossier),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: eventItem(event),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: { ...applicationKey(dossier.code), entity: 'application', ...application },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
  await transact(own, also);
}

export async function getDossier(code: string): Promise<DossierRecord | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: dossierKey(code), ConsistentRead: true }),
  );
  return Item ? strip(Item) : undefined;
}

/**
 * What the applicant submitted. Read consistently, as the dossier is: a look-up or a
 * verification just after the submission must not find the dossier without it.
 */
export async function getApplication(code: string): Promise<Application | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: applicationKey(code), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, entity: _entity, shape: _shape, ...application } = Item;
  return application as Application;
}

/**
 * One transition: the dossier written only if it is still at the version it was read at,
 * and its history event, in one transaction. A lost race answers `stale-version`; a failed
 * write of another module answers what that module says its failure means.
 */
export async function saveTransition(
  dossier: DossierRecord,
  readVersion: number,
  event: DossierEvent,
  also: readonly TransactPart[] = [],
): Promise<void> {
  const own = [
    {
      Put: {
        TableName: tableName(),
        Item: dossierItem(dossier),
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': readVersion },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: eventItem(event),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
  await transact(own, also);
}

/**
 * Writes a dossier's items with the other modules' parts. The dossier's own items failing
 * (or a concurrent transaction on them) means someone else changed it: `stale-version`.
 */
function transact(own: TransactItem[], also: readonly TransactPart[]): Promise<void> {
  return transactWithParts(own, also, () => staleVersion());
}

export async function listOwnerDossiers(
  sub: string,
  limit: number,
  cursor?: string,
): Promise<Page<DossierRecord>> {
  const page = await queryPage(
    {
      input: {
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :owner',
        ExpressionAttributeValues: { ':owner': ownerPk(sub) },
        ScanIndexForward: false,
      },
      keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
      accepts: (key) => key.gsi1pk === ownerPk(sub),
    },
    limit,
    cursor,
  );
  return { ...page, items: await byKeys(page.items) };
}

export interface InboxFilter {
  state?: NationalState;
  /** ISO instant: only dossiers due before it. */
  dueBefore?: string;
}

/** A unit's dossiers ordered by due date (those without one last), optionally by state. */
/** How many dossiers a unit has open, or open and due before an instant (the index's keys alone). */
export async function countInbox(unit: string, dueBefore?: string): Promise<number> {
  let total = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: `gsi2pk = :inbox${dueBefore ? ' AND gsi2sk < :due' : ''}`,
        ExpressionAttributeValues: { ':inbox': inboxPk(unit), ...(dueBefore ? { ':due': dueBefore } : {}) },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    total += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return total;
}

export async function listInbox(
  unit: string,
  filter: InboxFilter,
  limit: number,
  cursor?: string,
): Promise<Page<DossierRecord>> {
  const values: Record<string, unknown> = { ':inbox': inboxPk(unit) };
  let keyCondition = 'gsi2pk = :inbox';
  if (filter.dueBefore) {
    keyCondition += ' AND gsi2sk < :due';
    values[':due'] = filter.dueBefore;
  }
  if (filter.state) values[':state'] = filter.state;
  const page = await queryPage(
    {
      input: {
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: keyCondition,
        ExpressionAttributeValues: values,
        ...(filter.state
          ? { FilterExpression: '#state = :state', ExpressionAttributeNames: { '#state': 'state' } }
          : {}),
      },
      keyAttributes: ['pk', 'sk', 'gsi2pk', 'gsi2sk'],
      accepts: (key) =>
        key.gsi2pk === inboxPk(unit) && (!filter.dueBefore || (key.gsi2sk ?? '') < filter.dueBefore),
    },
    limit,
    cursor,
  );
  return { ...page, items: await byKeys(page.items) };
}

/** The dossiers an index query found, in the order it found them. */
async function byKeys(keys: Record<string, unknown>[]): Promise<DossierRecord[]> {
  const items = await batchGet(keys.map((key) => ({ pk: key.pk, sk: key.sk })));
  const found = new Map(items.map((item) => [item.pk as string, strip(item)]));
  return keys.flatMap((key) => found.get(key.pk as string) ?? []);
}

/** The whole history of a dossier, oldest first. */
export async function listHistory(code: string): Promise<DossierEvent[]> {
  const events: DossierEvent[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
        ExpressionAttributeValues: { ':pk': dossierPk(code), ':events': 'EVENT#' },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    events.push(...(page.Items ?? []).map((item) => strip(item) as unknown as DossierEvent));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return events;
}

/** A dossier item without its keys and index keys: the record the code works with. */
export function strip(item: Record<string, unknown>) {
  return withoutKeys(item) as unknown as DossierRecord;
}

const dueMarkKey = (kind: string, code: string, dueAt: string) => ({
  pk: `${PARTITIONS.dueMark}${code}`,
  sk: `${kind.toUpperCase()}#${dueAt}`,
});

/** Whether the unit was already alerted of this dossier for this due date. */
export async function dueMarked(kind: string, code: string, dueAt: string): Promise<boolean> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: dueMarkKey(kind, code, dueAt), ConsistentRead: true }),
  );
  return Item !== undefined;
}

/**
 * Records that a dossier's unit was alerted for this due date, once: true the first time.
 * (An item of its own, so that no transition can overwrite the mark.)
 */
export async function markDue(kind: string, code: string, dueAt: string, now: Date): Promise<boolean> {
  return conditionally(() =>
    documents.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...dueMarkKey(kind, code, dueAt),
          entity: 'due-mark',
          foundAt: now.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

/** The heads of these dossiers' histories: their event count and last hash, as recorded now. */
export async function headsOf(codes: readonly string[]): Promise<Head[]> {
  const items = await batchGet(codes.map(dossierKey), true);
  return items.map((item) => ({
    code: String(item.code),
    count: Number(item.eventCount),
    hash: String(item.lastEventHash),
  }));
}
