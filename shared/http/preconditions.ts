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

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** The Idempotency-Key a creating POST must carry: 8–128 URL-safe characters, e.g. a UUID. */
export function idempotencyKey(header: string | undefined): string {
  if (header && IDEMPOTENCY_KEY.test(header)) return header;
  const message = {
    vi: 'cần 8–128 ký tự chữ, số hoặc - _ . :',
    en: 'expected 8–128 letters, digits or - _ . :',
  };
  throw invalid(
    {
      vi: 'Cần tiêu đề Idempotency-Key hợp lệ, ví dụ một UUID.',
      en: 'Send a valid Idempotency-Key header, e.g. a UUID.',
    },
    [{ path: 'headers.idempotency-key', code: header ? 'invalid_format' : 'required', message }],
  );
}
