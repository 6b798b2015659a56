import { invalid } from '../domain/errors.ts';

/** `If-Match: "3"` (or `W/"3"`, or `3`) → 3; absent → undefined. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) {
    const message = { vi: 'cần một phiên bản, ví dụ "3"', en: 'expected a version such as "3"' };
    throw invalid(
      {
        vi: 'If-Match phải mang phiên bản đã đọc của tài nguyên, ví dụ "3".',
        en: 'If-Match must carry the version the resource was read at, e.g. "3".',
      },
      [{ path: 'headers.if-match', code: 'invalid_format', message }],
    );
  }
  return Number(match[1]);
}

export const etag = (version: number): string => `"${version}"`;
