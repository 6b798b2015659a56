import { createHash, timingSafeEqual } from 'node:crypto';
import { parseDictionary } from 'structured-headers';

/**
 * RFC 9530 `Content-Digest`: a dictionary of algorithm → the bytes' hash, e.g.
 * `sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:`. Only the algorithms the RFC
 * registers as active are taken; a digest naming none of them checks nothing.
 */
const ALGORITHMS = { 'sha-256': 'sha256', 'sha-512': 'sha512' } as const;
type DigestAlgorithm = keyof typeof ALGORITHMS;

export type DigestVerdict =
  | { ok: true; algorithms: DigestAlgorithm[] }
  | { ok: false; reason: 'malformed' | 'no-known-algorithm' | 'mismatch' };

/** The header's value for these bytes, with one algorithm. */
export function contentDigest(body: Uint8Array, algorithm: DigestAlgorithm = 'sha-256'): string {
  return `${algorithm}=:${createHash(ALGORITHMS[algorithm]).update(body).digest('base64')}:`;
}

/**
 * Whether the header holds the digest of these bytes: every known algorithm it names must
 * match (an unknown one is ignored, as the RFC says), and at least one must be known.
 */
export function checkContentDigest(header: string, body: Uint8Array): DigestVerdict {
  let entries: ReturnType<typeof parseDictionary>;
  try {
    entries = parseDictionary(header);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const algorithms: DigestAlgorithm[] = [];
  for (const [name, [value]] of entries) {
    // Own names only: `constructor=:…:` names no algorithm, whatever Object's prototype holds.
    if (!Object.hasOwn(ALGORITHMS, name)) continue;
    if (!(value instanceof ArrayBuffer)) return { ok: false, reason: 'malformed' };
    const algorithm = name as DigestAlgorithm;
    const expected = createHash(ALGORITHMS[algorithm]).update(body).digest();
    const given = Buffer.from(value);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'mismatch' };
    algorithms.push(algorithm);
  }
  return algorithms.length ? { ok: true, algorithms } : { ok: false, reason: 'no-known-algorithm' };
}
