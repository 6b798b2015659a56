import * as z from 'zod';
import { invalidField } from '../domain/errors.ts';

export type Key = Record<string, string>;

/** No key attribute of ours is longer; a longer value is not a cursor we gave out. */
const MAX_KEY_VALUE = 1024;

/**
 * Opaque pagination cursors: the base64url JSON of the last key returned. Decoding accepts
 * exactly the key attributes of the query, as strings, inside the partition it reads; a
 * crafted cursor reaches nothing else and fails as bad input, never as a server error.
 */
export const encodeCursor = (key: Key): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export function decodeCursor(
  cursor: string,
  attributes: readonly string[],
  accepts: (key: Key) => boolean,
): Key {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const shape = z.strictObject(
    Object.fromEntries(attributes.map((name) => [name, z.string().min(1).max(MAX_KEY_VALUE)])),
  );
  const parsed = shape.safeParse(key);
  if (!parsed.success || !accepts(parsed.data as Key)) throw invalidCursor();
  return parsed.data as Key;
}

export const invalidCursor = () =>
  invalidField('query.cursor', 'invalid_cursor', {
    vi: 'Con trỏ phân trang không do API này cấp.',
    en: 'The cursor is not one this API returned.',
  });
