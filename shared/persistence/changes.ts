import { queryAll, tableName } from './client.ts';
import { INDEX_PARTITIONS } from './keys.ts';

/**
 * The changes index, which the history checkpoints read: every history event, of a dossier or
 * of feedback, is listed by the UTC hour it was written in.
 *
 *   gsi1 CHANGES#<yyyy-mm-ddThh, UTC>  <at>#<history>#<seq, 6 digits>
 *
 * `<history>` is the dossier's code, or `feedback:<id>` for feedback.
 */
const changesPk = (at: string) => `${INDEX_PARTITIONS.gsi1.changes}${at.slice(0, 13)}`;

/** The index keys of one event of a history. */
export const changeKeys = (at: string, history: string, seq: number) => ({
  gsi1pk: changesPk(at),
  gsi1sk: `${at}#${history}#${String(seq).padStart(6, '0')}`,
});

/** How many hours of the changes index are read at once. */
const HOURS_AT_ONCE = 8;

/**
 * The histories (dossiers' codes, `feedback:<id>`) that changed from `from` (inclusive) to `until` (exclusive), read
 * hour by hour from the changes index.
 */
export async function changedBetween(from: string, until: string): Promise<string[]> {
  const hours: string[] = [];
  for (
    let hour = Date.parse(`${from.slice(0, 13)}:00:00.000Z`);
    new Date(hour).toISOString() < until;
    hour += 3600_000
  )
    hours.push(changesPk(new Date(hour).toISOString()));
  const codes = new Set<string>();
  // A first checkpoint reads a month of hours: several at a time.
  for (let at = 0; at < hours.length; at += HOURS_AT_ONCE) {
    const pages = await Promise.all(
      hours.slice(at, at + HOURS_AT_ONCE).map((hour) =>
        queryAll({
          TableName: tableName(),
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :hour AND gsi1sk BETWEEN :from AND :until',
          ExpressionAttributeValues: { ':hour': hour, ':from': from, ':until': until },
        }),
      ),
    );
    for (const item of pages.flat()) codes.add(String(item.gsi1sk).split('#')[1] ?? '');
  }
  codes.delete('');
  return [...codes];
}
