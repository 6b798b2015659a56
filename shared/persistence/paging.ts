import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documents } from './client.ts';
import { decodeCursor, encodeCursor, invalidCursor, type Key } from './cursor.ts';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PagedQuery {
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>;
  /** The key attributes of an item of this query: the table's keys, and the index's when it reads one. */
  keyAttributes: readonly string[];
  /** Whether a decoded cursor belongs to this query, so that a crafted one reaches nothing else. */
  accepts: (key: Key) => boolean;
  /** How many items one page may read at most, matches or not (READ_PER_PAGE unless set). */
  readBudget?: number;
}

/**
 * What one page reads at most: a filter that matches little stops here and answers a cursor
 * to read on from, so that no request reads a whole partition.
 */
export const READ_PER_PAGE = 500;

/**
 * One page of a Query. Filters are applied by DynamoDB while reading; the loop reads on until
 * the page is full or its read budget is spent, and the cursor is the key of the last item
 * returned (or read), so no match is skipped; a page holds `limit` items unless the results
 * end or the budget did.
 */
export async function queryPage(
  query: PagedQuery,
  limit: number,
  cursor?: string,
): Promise<Page<Record<string, unknown>>> {
  const items: Record<string, unknown>[] = [];
  let startKey: Key | undefined = cursor
    ? decodeCursor(cursor, query.keyAttributes, query.accepts)
    : undefined;
  const keyOf = (item: Record<string, unknown>): Key =>
    Object.fromEntries(query.keyAttributes.map((name) => [name, String(item[name])]));
  const budget = query.readBudget ?? READ_PER_PAGE;
  let read = 0;
  do {
    if (read >= budget) return { items, nextCursor: encodeCursor(startKey!) };
    const page = await documents
      .send(
        new QueryCommand({
          ...query.input,
          ExclusiveStartKey: startKey,
          Limit: Math.min(Math.max(limit * 2, 25), budget - read),
        }),
      )
      .catch((error: Error) => {
        // A cursor of the right shape may still point outside the query's key range.
        throw cursor && error.name === 'ValidationException' ? invalidCursor() : error;
      });
    read += page.ScannedCount ?? 0;
    const found = page.Items ?? [];
    const taken = found.slice(0, limit - items.length);
    items.push(...taken);
    if (items.length === limit) {
      const more = page.LastEvaluatedKey !== undefined || found.length > taken.length;
      return { items, ...(more ? { nextCursor: encodeCursor(keyOf(items.at(-1)!)) } : {}) };
    }
    startKey = page.LastEvaluatedKey as Key | undefined;
  } while (startKey);
  return { items };
}
