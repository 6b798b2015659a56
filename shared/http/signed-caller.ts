import type { JsonWebKey } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError, tooManyRequests } from '../domain/errors.ts';
import { DEFAULT_REQUESTS_PER_MINUTE, type Integrator, type Scope } from '../domain/integrators.ts';
import { count } from '../observability.ts';
import { activeKey, claimNonce, releaseNonce } from '../persistence/integrators.ts';
import { hit } from '../persistence/rate-limits.ts';
import {
  DEFAULT_SKEW_SECONDS,
  DEFAULT_WINDOW_SECONDS,
  type SignedMessage,
  verifySignedRequest,
} from './signatures.ts';

/** A signed request's integrator, and the one write its acceptance takes. */
export interface SignedCaller {
  integrator: Integrator;
  /**
   * Runs the request's work under the signature's nonce: the nonce is recorded first, once
   * (the same request sent twice, even at the same moment, runs once), and given back when the
   * work refuses the request (a domain error: nothing was written, or what was is keyed by the
   * integrator's own id, so that running again answers the same), so that a refused request
   * leaves nothing behind, and sent again is refused the same way, not as a replay. A failure
   * of the system keeps the nonce: whatever it wrote stands, and the request cannot run twice.
   */
  accept<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * The integrator behind a signed request, for a route that needs this scope: the signature
 * checked (see signatures.ts), the key and the integrator active, the scope granted. Every
 * refusal is counted (`SignaturesRefused`, by `document: request` and the problem type).
 */
export async function signedCaller(
  event: APIGatewayProxyEventV2,
  scope: Scope,
  now: Date,
): Promise<SignedCaller> {
  const counted = <T>(work: () => Promise<T>): Promise<T> =>
    work().catch((error: unknown) => {
      if (error instanceof DomainError)
        count('SignaturesRefused', { document: 'request', problem: error.kind });
      throw error;
    });
  const { integrator, keyid, nonce, claimed } = await counted(() => check(event, scope, now));
  return {
    integrator,
    async accept(work) {
      await counted(async () => {
        if (!(await claimed)) throw replayed();
      });
      try {
        return await work();
      } catch (error) {
        if (error instanceof DomainError) await releaseNonce(keyid, nonce);
        throw error;
      }
    },
  };
}

/**
 * The public key behind a keyid never changes (the keyid holds its thumbprint): each container
 * keeps the keys it has met, so that the signature is checked before any read. Whether the key
 * and its integrator are still active, and what the integrator may do, is read on every
 * request, beside the nonce's claim and the rate's count.
 */
const KEYS_KEPT = 1_000;
const known = new Map<string, { integrator: Integrator; publicKey: JsonWebKey }>();

async function readKey(keyid: string) {
  const found = await activeKey(keyid);
  if (!found) {
    known.delete(keyid);
    return undefined;
  }
  if (known.size >= KEYS_KEPT) known.delete(known.keys().next().value!);
  const entry = { integrator: found.integrator, publicKey: found.key.publicKey };
  known.set(keyid, entry);
  return entry;
}

const replayed = () =>
  new DomainError('replayed', {
    vi: 'Yêu cầu với nonce này đã được nhận trước đó.',
    en: 'A request with this nonce was received before.',
  });

async function check(event: APIGatewayProxyEventV2, scope: Scope, now: Date) {
  const policy = { now, windowSeconds: DEFAULT_WINDOW_SECONDS, skewSeconds: DEFAULT_SKEW_SECONDS };
  let entry: Awaited<ReturnType<typeof readKey>>;
  // A key met for the first time was just read, consistently: that read is the active check.
  let fresh = false;
  const signature = await verifySignedRequest(
    messageOf(event),
    async (keyid) => {
      entry = known.get(keyid);
      if (!entry) {
        entry = await readKey(keyid);
        fresh = true;
      }
      return entry && { keyid, publicKey: entry.publicKey };
    },
    policy,
  );
  // Kept until the signature could no longer be accepted anyway.
  const keepUntil = new Date(signature.created.getTime() + (DEFAULT_WINDOW_SECONDS + 1) * 1000);
  const integratorId = entry!.integrator.id;
  // At once: whether the key and its integrator are still active (read consistently: a key
  // revoked a moment ago is refused), the integrator's rate, and the nonce's claim, which the
  // work waits for (a replay runs nothing) and a refusal here gives back.
  const claimed = claimNonce(signature.keyid, signature.nonce, keepUntil);
  const [current, used] = await Promise.all([
    fresh ? entry : readKey(signature.keyid),
    hit(`integrator#${integratorId}`, 60, now),
  ]);
  const refusal = !current
    ? unknownKey()
    : !current.integrator.scopes.includes(scope)
      ? scopeDenied(current.integrator, scope)
      : overLimit(current.integrator, used);
  if (refusal) {
    if (await claimed) await releaseNonce(signature.keyid, signature.nonce);
    throw refusal;
  }
  // Settled here too, so that a failed claim is never left unheard.
  claimed.catch(() => undefined);
  return { integrator: current!.integrator, keyid: signature.keyid, nonce: signature.nonce, claimed };
}

const unknownKey = () =>
  new DomainError('unknown-key', {
    vi: 'Khóa ký không còn hiệu lực: đã thu hồi, hoặc hệ thống tích hợp đã bị khóa.',
    en: 'No active key: revoked, or its integrator disabled.',
  });

const scopeDenied = (integrator: Integrator, scope: Scope) =>
  new DomainError('scope-denied', {
    vi: `Hệ thống ${integrator.id} không được cấp phạm vi ${scope}.`,
    en: `Integrator ${integrator.id} is not granted ${scope}.`,
  });

/** Each integrator has its own rate, whatever the route: one system's burst is not another's. */
function overLimit(integrator: Integrator, used: { hits: number; resetsIn: number }) {
  const limit = integrator.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
  if (used.hits <= limit) return undefined;
  return tooManyRequests(
    {
      vi: `Hệ thống ${integrator.id} đã gửi quá ${limit} yêu cầu trong một phút.`,
      en: `Integrator ${integrator.id} sent more than ${limit} requests this minute.`,
    },
    used.resetsIn,
  );
}

/**
 * The request as the client sent it: the URL it addressed (API Gateway says the scheme) and the
 * bytes. RFC 9421 signs the path as sent, before decoding (§2.2.6), but API Gateway's HTTP API
 * hands the function the path decoded, so the spellings a client may have sent are tried: the
 * path with only what cannot stand in a path escaped (escapes kept as they came), every
 * character outside the unreserved ones escaped segment by segment, and the path wholly
 * re-encoded. All decode to the path the route acts on.
 */
function messageOf(event: APIGatewayProxyEventV2): SignedMessage {
  const headers = event.headers ?? {};
  const scheme = headers['x-forwarded-proto'] ?? 'https';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const url = (path: string) => `${scheme}://${event.requestContext.domainName}${path}${query}`;
  const [asSent, ...others] = pathSpellings(event.rawPath);
  return {
    method: event.requestContext.http.method,
    url: url(asSent!),
    spellings: others.map(url),
    headers,
    ...(event.body ? { body: Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') } : {}),
  };
}

/** Characters a path may hold as they are (RFC 3986 pchar and `/`), escapes included. */
const LITERAL = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2}/y;

const escapeChar = (char: string) =>
  [...Buffer.from(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** The path with what cannot stand literally escaped, and escapes left as they came. */
function minimallyEscaped(path: string): string {
  let out = '';
  for (let at = 0; at < path.length; ) {
    LITERAL.lastIndex = at;
    const literal = LITERAL.exec(path);
    if (literal) {
      out += literal[0];
      at += literal[0].length;
      continue;
    }
    const char = String.fromCodePoint(path.codePointAt(at)!);
    out += escapeChar(char);
    at += char.length;
  }
  return out;
}

const decodedSegment = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

export function pathSpellings(path: string): string[] {
  const segments = path.split('/').map((segment) => encodeURIComponent(decodedSegment(segment)));
  return [...new Set([minimallyEscaped(path), segments.join('/'), encodeURI(path)])];
}
