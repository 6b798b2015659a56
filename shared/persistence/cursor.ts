import * as z from 'zod';
import { invalid } from '../domain/errors.ts';

export type Key = Record<string, string>;

/**
 * Opaque pagination cursors: the base64url JSON of the last key returned. Decoding checks
 * the key against the partition the query reads, so a crafted cursor cannot reach another.
 */
export const encodeCursor = (key: Key): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export function decodeCursor(cursor: string, accepts: (key: Key) => boolean): Key {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const parsed = z.record(z.string(), z.string()).safeParse(key);
  if (!parsed.success || !accepts(parsed.data)) {
    throw invalid(
      { vi: 'Con trỏ phân trang không do API này cấp.', en: 'The cursor is not one this API returned.' },
      [
        {
          path: 'query.cursor',
          code: 'invalid_cursor',
          message: { vi: 'con trỏ không hợp lệ', en: 'unknown cursor' },
        },
      ],
    );
  }
  return parsed.data;
}
