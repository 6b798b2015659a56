import { createPublicKey, type JsonWebKey, type KeyObject, randomUUID } from 'node:crypto';
import { createSigner, createVerifier, httpbis } from 'http-message-signatures';
import { type InnerList, isInnerList, parseDictionary } from 'structured-headers';
import { checkContentDigest, contentDigest, type DigestVerdict } from '../domain/content-digest.ts';
import { DomainError, type ErrorKind } from '../domain/errors.ts';

/**
 * RFC 9421 HTTP Message Signatures, as integrators sign their requests: one signature, made
 * with an Ed25519 key of the registry, covering the method, the target (`@target-uri`, or
 * `@authority`, `@path` and `@query`) and, when there is a body, its RFC 9530
 * `Content-Digest`; with `created`, `keyid` and `nonce`. The digest is checked against the
 * bytes received, `created` must fall in the window, `expires` is honoured. Replay (the nonce
 * seen before) is the caller's check, since it needs a store.
 */
export interface SignedMessage {
  method: string;
  /** The URL as the client addressed it: scheme, authority, path and query. */
  url: string;
  /**
   * Other spellings of the same URL, when the runtime cannot tell which the client sent (API
   * Gateway hands the path over decoded): the signature holds if it holds for one of them.
   */
  spellings?: string[];
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body?: Uint8Array;
}

export interface SigningKey {
  keyid: string;
  /** The Ed25519 public key, as a JWK. */
  publicKey: JsonWebKey;
}

export interface SignaturePolicy {
  now: Date;
  /** How old `created` may be. */
  windowSeconds: number;
  /** How far ahead of this clock a sender's may run. */
  skewSeconds: number;
}

export const DEFAULT_WINDOW_SECONDS = 300;
export const DEFAULT_SKEW_SECONDS = 30;

export interface VerifiedSignature {
  keyid: string;
  nonce: string;
  created: Date;
  expires?: Date;
}

const TARGETS = [['@target-uri'], ['@authority', '@path', '@query']] as const;
/** keyid and nonce: short, printable, and so safe inside a key. */
const SHORT = /^[\x21-\x7e]{1,128}$/;

const refuse = (kind: ErrorKind, en: string, vi: string): DomainError => new DomainError(kind, { vi, en });

/** A covered component: its name and its parameters (`key`, `sf`, `bs`, `req`, `tr`). */
interface Component {
  name: string;
  params: Map<string, unknown>;
}

/** The signature's label, covered components and parameters, or why they are not acceptable. */
function signatureInput(headers: SignedMessage['headers']): {
  label: string;
  components: Component[];
  params: Map<string, unknown>;
} {
  const input = headers['signature-input'];
  if (!(input && headers.signature))
    throw refuse(
      'signature-missing',
      'The request must carry Signature-Input and Signature (RFC 9421).',
      'Yêu cầu phải có Signature-Input và Signature (RFC 9421).',
    );
  let entries: [string, unknown][];
  try {
    entries = [...parseDictionary(input).entries()];
  } catch {
    throw refuse('signature-invalid', 'Signature-Input is malformed.', 'Signature-Input sai cú pháp.');
  }
  const [entry, ...others] = entries;
  if (!entry || others.length)
    throw refuse('signature-invalid', 'Send exactly one signature.', 'Gửi đúng một chữ ký.');
  const [label, value] = entry;
  if (!isInnerList(value as InnerList))
    throw refuse('signature-invalid', 'Signature-Input is malformed.', 'Signature-Input sai cú pháp.');
  const [items, params] = value as InnerList;
  return {
    label,
    components: items.map(([item, itemParams]) => ({
      name: String(item),
      params: itemParams as Map<string, unknown>,
    })),
    params: params as Map<string, unknown>,
  };
}

/**
 * What the signature covers of `Content-Digest`: the whole field (as sent, or re-serialised
 * with `sf`, or wrapped with `bs`), or only the members named by `key`.
 */
type DigestCoverage = { whole: true } | { whole: false; members: Set<string> };

function digestCoverage(components: Component[]): DigestCoverage {
  const mine = components.filter(
    (component) =>
      component.name === 'content-digest' && !component.params.has('req') && !component.params.has('tr'),
  );
  if (mine.some((component) => !component.params.has('key'))) return { whole: true };
  return { whole: false, members: new Set(mine.map((component) => String(component.params.get('key')))) };
}

/** What the signature must cover and carry, before any cryptography. */
function checkCoverage(
  message: SignedMessage,
  covered: Component[],
  params: Map<string, unknown>,
): DigestCoverage {
  const components = covered.map((component) => component.name);
  const digest = digestCoverage(covered);
  const missing: string[] = [];
  if (!components.includes('@method')) missing.push('@method');
  if (!TARGETS.some((target) => target.every((component) => components.includes(component))))
    missing.push('@target-uri (or @authority, @path and @query)');
  const hasBody = (message.body?.length ?? 0) > 0;
  if (hasBody && digest.whole === false && digest.members.size === 0) missing.push('content-digest');
  for (const param of ['created', 'keyid', 'nonce'])
    if (!params.has(param)) missing.push(`the ${param} parameter`);
  if (missing.length)
    throw refuse(
      'signature-invalid',
      `The signature must cover ${missing.join(', ')}.`,
      `Chữ ký phải bao gồm ${missing.join(', ')}.`,
    );
  const alg = params.get('alg');
  if (alg !== undefined && String(alg) !== 'ed25519')
    throw refuse('signature-invalid', 'Only ed25519 signatures are accepted.', 'Chỉ nhận chữ ký ed25519.');
  if (
    ![params.get('keyid'), params.get('nonce')].every(
      (value) => typeof value === 'string' && SHORT.test(value),
    )
  )
    throw refuse(
      'signature-invalid',
      'keyid and nonce must be strings of 1 to 128 visible ASCII characters.',
      'keyid và nonce phải là chuỗi 1–128 ký tự ASCII nhìn thấy được.',
    );
  if (!Number.isInteger(params.get('created')))
    throw refuse('signature-invalid', 'created must be an integer.', 'created phải là số nguyên.');
  return digest;
}

/**
 * The body against its digest: every member of a known algorithm must match the bytes, and
 * the signature must cover each of them (a member left uncovered could be rewritten with the
 * body, and the signature would still hold).
 */
function checkDigest(message: SignedMessage, coverage: DigestCoverage): void {
  if (!message.body?.length) return;
  const header = message.headers['content-digest'];
  const verdict: DigestVerdict | { ok: false; reason: 'absent' } = header
    ? checkContentDigest(header, message.body)
    : { ok: false, reason: 'absent' };
  if (!verdict.ok)
    throw refuse(
      'digest-mismatch',
      `Content-Digest does not match the body received (${verdict.reason}).`,
      'Content-Digest không khớp với nội dung nhận được.',
    );
  const uncovered = coverage.whole
    ? []
    : verdict.algorithms.filter((algorithm) => !coverage.members.has(algorithm));
  if (uncovered.length)
    throw refuse(
      'signature-invalid',
      `The signature must cover every digest of the body: ${uncovered.join(', ')} is not covered.`,
      `Chữ ký phải bao gồm mọi giá trị băm của nội dung: ${uncovered.join(', ')} chưa được ký.`,
    );
}

function checkTime(params: Map<string, unknown>, policy: SignaturePolicy): { created: Date; expires?: Date } {
  const now = Math.floor(policy.now.getTime() / 1000);
  const created = params.get('created') as number;
  const expires = params.get('expires');
  if (created > now + policy.skewSeconds)
    throw refuse('signature-expired', 'created is in the future.', 'created nằm ở tương lai.');
  if (now - created > policy.windowSeconds)
    throw refuse(
      'signature-expired',
      `The signature is older than ${policy.windowSeconds} seconds.`,
      `Chữ ký đã quá ${policy.windowSeconds} giây.`,
    );
  if (expires !== undefined && (!Number.isInteger(expires) || (expires as number) < now))
    throw refuse('signature-expired', 'The signature has expired.', 'Chữ ký đã hết hạn.');
  return {
    created: new Date(created * 1000),
    ...(expires === undefined ? {} : { expires: new Date((expires as number) * 1000) }),
  };
}

/** Whether the signature over the covered components holds for this key (RFC 9421 §3.2). */
export async function signatureHolds(message: SignedMessage, key: KeyObject): Promise<boolean> {
  for (const url of new Set([message.url, ...(message.spellings ?? [])]))
    if (await holdsFor({ ...message, url }, key)) return true;
  return false;
}

async function holdsFor(message: SignedMessage, key: KeyObject): Promise<boolean> {
  const headers = Object.fromEntries(
    Object.entries(message.headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  try {
    const verdict = await httpbis.verifyMessage(
      {
        keyLookup: async () => ({ algs: ['ed25519'], verify: createVerifier(key, 'ed25519') }),
        // The times were checked against the caller's clock before; here, only the bytes
        // (the library would compare them with the machine's).
        notAfter: Number.MAX_SAFE_INTEGER,
        tolerance: Number.MAX_SAFE_INTEGER / 2,
      },
      { method: message.method, url: message.url, headers },
    );
    return verdict === true;
  } catch {
    // A signature value that is not a byte sequence, a component the message lacks…
    return false;
  }
}

/**
 * Checks a signed request in the order that tells the sender most: the signature's shape and
 * coverage, the body's digest, the time, the key, then the signature itself.
 */
export async function verifySignedRequest(
  message: SignedMessage,
  findKey: (keyid: string) => Promise<SigningKey | undefined>,
  policy: SignaturePolicy,
): Promise<VerifiedSignature> {
  const { components, params } = signatureInput(message.headers);
  const coverage = checkCoverage(message, components, params);
  checkDigest(message, coverage);
  const times = checkTime(params, policy);
  const keyid = params.get('keyid') as string;
  const key = await findKey(keyid);
  if (!key)
    throw refuse(
      'unknown-key',
      `No active key ${keyid}: unknown, or revoked.`,
      `Không có khóa ${keyid} đang hiệu lực: không rõ hoặc đã thu hồi.`,
    );
  const publicKey = createPublicKey({ key: key.publicKey, format: 'jwk' });
  if (!(await signatureHolds(message, publicKey)))
    throw refuse(
      'signature-invalid',
      'The signature does not match the request.',
      'Chữ ký không khớp với yêu cầu.',
    );
  return { keyid, nonce: params.get('nonce') as string, ...times };
}

/**
 * How an integrator signs a request as this API wants it (the integrators' guide offers it as a client to copy):
 * `@method`, `@target-uri` and, with a body, its `Content-Digest`; `created`, `keyid`, a fresh
 * `nonce` and `alg="ed25519"`. Returns the headers to send.
 */
export async function signRequest(
  request: { method: string; url: string; body?: Uint8Array; headers?: Record<string, string> },
  signer: { keyid: string; privateKey: KeyObject },
  values: { created?: Date; nonce?: string } = {},
): Promise<Record<string, string>> {
  const key = createSigner(signer.privateKey, 'ed25519', signer.keyid);
  return signRequestWith(request, { id: signer.keyid, sign: (data) => key.sign(data) }, values);
}

/**
 * The same with a key that signs elsewhere (the province's, in KMS): the request's headers
 * with its Content-Digest, Signature-Input and Signature.
 */
export async function signRequestWith(
  request: { method: string; url: string; body?: Uint8Array; headers?: Record<string, string> },
  key: { id: string; sign(data: Buffer): Promise<Buffer> },
  values: { created?: Date; nonce?: string } = {},
): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    ...request.headers,
    ...(request.body?.length ? { 'content-digest': contentDigest(request.body) } : {}),
  };
  const signed = await httpbis.signMessage(
    {
      key: { id: key.id, alg: 'ed25519', sign: key.sign },
      fields: ['@method', '@target-uri', ...(request.body?.length ? ['content-digest'] : [])],
      params: ['created', 'keyid', 'nonce', 'alg'],
      paramValues: { created: values.created ?? new Date(), nonce: values.nonce ?? randomUUID() },
    },
    { method: request.method, url: request.url, headers },
  );
  return Object.fromEntries(
    Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
}
