import type { LookupAddress } from 'node:dns';
import dns from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressRefusal, type TargetPolicy, urlRefusal } from './targets.ts';

/** What came back from a target: its status, or why there was none. */
export type Answer = { status: number; ok: boolean } | { error: string; ok: false };

/**
 * How long one attempt may take, all told: resolving, connecting, the answer's status and its
 * body. A receiver that trickles its answer a byte at a time is cut here, like a silent one.
 */
export const ATTEMPT_DEADLINE_MS = 5_000;
/** Of an answer's body only this much is read (and dropped): a receiver cannot make us hold more. */
const MAX_ANSWER_BYTES = 64 * 1024;

type Resolve = (hostname: string) => Promise<LookupAddress[]>;

const resolveAll: Resolve = (hostname) => dns.lookup(hostname, { all: true });

/** Only a 2xx takes a delivery: a redirect, like any other status, is an answer that did not. */
export const delivered = (status: number): boolean => status >= 200 && status < 300;

/**
 * POSTs a body to a target the deployment was told about. The URL is checked against the
 * policy, and every address its name resolves to is checked again as the connection is made
 * (so a name that points somewhere private by then is refused); no redirect is followed.
 */
export function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  policy: TargetPolicy,
  resolve: Resolve = resolveAll,
  deadlineMs = ATTEMPT_DEADLINE_MS,
): Promise<Answer> {
  return exchange<Answer>(
    url,
    {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      body,
    },
    {
      policy,
      resolve,
      deadlineMs,
      failed: (error) => ({ error, ok: false }),
      timedOut: 'no complete answer',
    },
    (response, settle) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) response.destroy();
      });
      const status = response.statusCode ?? 0;
      const answered = () => settle({ status, ok: delivered(status) });
      response.on('end', answered);
      response.on('close', answered);
    },
  );
}

interface Guards<T> {
  policy: TargetPolicy;
  resolve: Resolve;
  deadlineMs: number;
  /** The outcome of a request that got no answer, with why. */
  failed: (error: string) => T;
  /** What the deadline says when it cuts the exchange. */
  timedOut: string;
}

/**
 * One request to a target the deployment was told about: the URL checked against the policy,
 * every address its name resolves to checked again as the connection is made, no redirect
 * followed (a redirect is an answer like any other), and a deadline on the whole exchange. The
 * outcome is settled once, by the answer's handler, an error or the deadline.
 */
function exchange<T>(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  guards: Guards<T>,
  onAnswer: (response: IncomingMessage, settle: (outcome: T) => void) => void,
): Promise<T> {
  const refusal = urlRefusal(url, guards.policy);
  if (refusal) return Promise.resolve(guards.failed(`refused target: ${refusal}`));
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((settled) => {
    let done = false;
    const settle = (outcome: T) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      settled(outcome);
    };
    const request = send(
      target,
      { method: init.method, headers: init.headers, lookup: guardedLookup(guards.policy, guards.resolve) },
      (response) => onAnswer(response, settle),
    );
    const deadline = setTimeout(() => {
      settle(guards.failed(`${guards.timedOut} within ${guards.deadlineMs / 1000} s`));
      request.destroy();
    }, guards.deadlineMs);
    request.on('error', (error) => settle(guards.failed(error.message)));
    request.end(init.body);
  });
}

/** Why a name may not be sent to, once resolved: any of its addresses forbidden, or none at all. */
export async function resolvedRefusal(
  hostname: string,
  policy: TargetPolicy,
  resolve: Resolve = resolveAll,
): Promise<string | undefined> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return addressRefusal(host, policy);
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    return `${host} does not resolve`;
  }
  if (addresses.length === 0) return `${host} has no address`;
  return addresses.map(({ address }) => addressRefusal(address, policy)).find(Boolean);
}

/** The connection's resolver: the addresses it connects to are the ones just checked. */
export function guardedLookup(policy: TargetPolicy, resolve: Resolve = resolveAll): LookupFunction {
  return (hostname, options, callback) => {
    const answer = callback as unknown as (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void;
    resolve(hostname).then(
      (addresses) => {
        const refused =
          addresses.length === 0
            ? `${hostname} has no address`
            : addresses.map(({ address }) => addressRefusal(address, policy)).find(Boolean);
        if (refused)
          return answer(
            Object.assign(new Error(`refused target: ${refused}`), { code: 'ETARGETREFUSED' }),
            '',
          );
        if (options.all) return answer(null, addresses);
        return answer(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => answer(error, ''),
    );
  };
}

/** What a file fetch gave: its bytes, or why there are none (a status, a refusal, too many bytes). */
export type Fetched = { ok: true; bytes: Buffer } | { ok: false; error: string; tooLarge?: boolean };

/**
 * GETs a file another system serves, under the same guards as a delivery: the URL checked
 * against the policy, every resolved address checked as the connection is made, no redirect
 * followed, a deadline on the whole exchange. At most `maxBytes` are read: a longer body is
 * cut and reported as too large.
 */
export function getFile(
  url: string,
  maxBytes: number,
  policy: TargetPolicy,
  resolve: Resolve = resolveAll,
  deadlineMs = FILE_DEADLINE_MS,
  headers: Record<string, string> = {},
): Promise<Fetched> {
  return exchange<Fetched>(
    url,
    { method: 'GET', headers },
    { policy, resolve, deadlineMs, failed: (error) => ({ ok: false, error }), timedOut: 'no complete file' },
    (response, settle) => {
      const status = response.statusCode ?? 0;
      if (!delivered(status)) {
        response.destroy();
        return settle({ ok: false, error: `answered ${status}` });
      }
      const chunks: Buffer[] = [];
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > maxBytes) {
          response.destroy();
          return settle({ ok: false, error: `more than ${maxBytes} bytes`, tooLarge: true });
        }
        chunks.push(chunk);
      });
      response.on('end', () => settle({ ok: true, bytes: Buffer.concat(chunks) }));
      response.on('error', (error) => settle({ ok: false, error: error.message }));
    },
  );
}

/** A file of up to 50 MB gets half a minute. */
export const FILE_DEADLINE_MS = 30_000;
