import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createSigner, httpbis } from 'http-message-signatures';
import { describe, expect, it } from 'vitest';
import { checkContentDigest, contentDigest } from '../../shared/domain/content-digest.ts';
import {
  type SignedMessage,
  type SigningKey,
  signatureHolds,
  verifySignedRequest,
} from '../../shared/http/signatures.ts';

const HELLO = new TextEncoder().encode('{"hello": "world"}');

describe('RFC 9530 Content-Digest', () => {
  it("gives the RFC's digests of its example body, and checks them", () => {
    const sha256 = 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:';
    const sha512 =
      'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:';
    expect(contentDigest(HELLO, 'sha-256')).toBe(sha256);
    expect(contentDigest(HELLO, 'sha-512')).toBe(sha512);
    expect(checkContentDigest(sha256, HELLO)).toEqual({ ok: true, algorithms: ['sha-256'] });
    expect(checkContentDigest(`${sha256}, ${sha512}`, HELLO)).toEqual({
      ok: true,
      algorithms: ['sha-256', 'sha-512'],
    });
  });

  it('refuses another body, a digest of unknown algorithms only, and a malformed header', () => {
    const other = new TextEncoder().encode('{"hello": "world!"}');
    expect(checkContentDigest(contentDigest(HELLO), other)).toEqual({ ok: false, reason: 'mismatch' });
    expect(checkContentDigest('md5=:AAAA:', HELLO)).toEqual({ ok: false, reason: 'no-known-algorithm' });
    expect(checkContentDigest('sha-256=X48E', HELLO)).toEqual({ ok: false, reason: 'malformed' });
    // Names of Object's prototype are names of no algorithm: ignored, never looked up.
    expect(checkContentDigest('constructor=:AAAA:', HELLO)).toEqual({
      ok: false,
      reason: 'no-known-algorithm',
    });
    expect(checkContentDigest(`constructor=:AAAA:, ${contentDigest(HELLO)}`, HELLO)).toEqual({
      ok: true,
      algorithms: ['sha-256'],
    });
    // One right digest does not excuse a wrong one.
    expect(checkContentDigest(`${contentDigest(HELLO)}, ${contentDigest(other, 'sha-512')}`, HELLO)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });
});

/** RFC 9421 Appendix B.1.4's test key and B.2.6's signed request. */
const RFC_KEY = createPublicKey({
  key: { kty: 'OKP', crv: 'Ed25519', x: 'JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs' },
  format: 'jwk',
});
const RFC_B26: SignedMessage = {
  method: 'POST',
  url: 'https://example.com/foo?param=Value&Pet=dog',
  headers: {
    host: 'example.com',
    date: 'Tue, 20 Apr 2021 02:07:55 GMT',
    'content-type': 'application/json',
    'content-digest':
      'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
    'content-length': '18',
    'signature-input':
      'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
    signature:
      'sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:',
  },
  body: HELLO,
};

describe('RFC 9421 HTTP Message Signatures', () => {
  it("verifies the RFC's Ed25519 example (B.2.6) with its test key", async () => {
    expect(await signatureHolds(RFC_B26, RFC_KEY)).toBe(true);
  });

  it('fails it when a covered component changes', async () => {
    const changed = (patch: Partial<SignedMessage>, headers: Record<string, string> = {}) => ({
      ...RFC_B26,
      ...patch,
      headers: { ...RFC_B26.headers, ...headers },
    });
    expect(await signatureHolds(changed({ method: 'PUT' }), RFC_KEY)).toBe(false);
    expect(
      await signatureHolds(changed({ url: 'https://example.com/bar?param=Value&Pet=dog' }), RFC_KEY),
    ).toBe(false);
    expect(
      await signatureHolds(changed({ url: 'https://example.org/foo?param=Value&Pet=dog' }), RFC_KEY),
    ).toBe(false);
    expect(await signatureHolds(changed({}, { date: 'Tue, 20 Apr 2021 02:07:56 GMT' }), RFC_KEY)).toBe(false);
    expect(await signatureHolds(changed({}, { 'content-length': '19' }), RFC_KEY)).toBe(false);
  });
});

/** How an integrator signs: the library's signer, with the components the system requires. */
const NOW = new Date('2026-11-29T08:00:00Z');
const created = (offsetSeconds = 0) => new Date(NOW.getTime() + offsetSeconds * 1000);

function integratorKey(keyid: string): { key: SigningKey; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { key: { keyid, publicKey: publicKey.export({ format: 'jwk' }) }, privateKey };
}

async function signed(
  privateKey: KeyObject,
  keyid: string,
  request: { method: string; url: string; body?: string },
  options: {
    fields?: string[];
    params?: string[];
    values?: Record<string, Date | string>;
  } = {},
): Promise<SignedMessage> {
  const body = request.body === undefined ? undefined : new TextEncoder().encode(request.body);
  const headers: Record<string, string> = body
    ? { 'content-type': 'application/json', 'content-digest': contentDigest(body) }
    : {};
  const fields = options.fields ?? ['@method', '@target-uri', ...(body ? ['content-digest'] : [])];
  const result = await httpbis.signMessage(
    {
      key: createSigner(privateKey, 'ed25519', keyid),
      fields,
      params: options.params ?? ['created', 'keyid', 'nonce', 'alg'],
      paramValues: { created: created(), nonce: 'n-1f0c2d', ...options.values },
    },
    { method: request.method, url: request.url, headers },
  );
  return {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(
      Object.entries(result.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
    ),
    ...(body ? { body } : {}),
  };
}

const POLICY = { now: NOW, windowSeconds: 300, skewSeconds: 30 };
const URL_ = 'https://api.example.gov.vn/integrations/v1/dossiers?since=2026-11-01';

describe("an integrator's signed request", () => {
  const { key, privateKey } = integratorKey('portal-2026');
  const findKey = async (keyid: string) => (keyid === key.keyid ? key : undefined);
  const refusal = (message: SignedMessage, policy = POLICY) =>
    verifySignedRequest(message, findKey, policy).then(
      () => 'accepted',
      (error: { kind: string }) => error.kind,
    );
  /** A POST whose Content-Digest is `digest`, signed over `fields`. */
  async function signedWithDigest(digest: string, fields: string[], body: string): Promise<SignedMessage> {
    const headers = { 'content-type': 'application/json', 'content-digest': digest };
    const result = await httpbis.signMessage(
      {
        key: createSigner(privateKey, 'ed25519', key.keyid),
        fields,
        params: ['created', 'keyid', 'nonce', 'alg'],
        paramValues: { created: created(), nonce: 'n-digest' },
      },
      { method: 'POST', url: URL_, headers },
    );
    return {
      method: 'POST',
      url: URL_,
      headers: Object.fromEntries(
        Object.entries(result.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
      ),
      body: new TextEncoder().encode(body),
    };
  }

  it('is accepted with its key, nonce and times when it covers the method, the target and the body', async () => {
    const message = await signed(privateKey, key.keyid, {
      method: 'POST',
      url: URL_,
      body: '{"MaHoSo":"1"}',
    });
    expect(await verifySignedRequest(message, findKey, POLICY)).toEqual({
      keyid: 'portal-2026',
      nonce: 'n-1f0c2d',
      created: created(),
    });
    const split = await signed(
      privateKey,
      key.keyid,
      { method: 'GET', url: URL_ },
      { fields: ['@method', '@authority', '@path', '@query'] },
    );
    expect(await refusal(split)).toBe('accepted');
  });

  it('is refused when any covered part is changed on the way', async () => {
    const message = await signed(privateKey, key.keyid, {
      method: 'POST',
      url: URL_,
      body: '{"MaHoSo":"1"}',
    });
    expect(await refusal({ ...message, method: 'PUT' })).toBe('signature-invalid');
    expect(await refusal({ ...message, url: URL_.replace('since=2026-11-01', 'since=2020-01-01') })).toBe(
      'signature-invalid',
    );
    expect(await refusal({ ...message, url: URL_.replace('api.example', 'evil.example') })).toBe(
      'signature-invalid',
    );
    const otherBody = new TextEncoder().encode('{"MaHoSo":"2"}');
    expect(await refusal({ ...message, body: otherBody })).toBe('digest-mismatch');
    // The digest made to match the new body: the signature over the digest no longer holds.
    expect(
      await refusal({
        ...message,
        body: otherBody,
        headers: { ...message.headers, 'content-digest': contentDigest(otherBody) },
      }),
    ).toBe('signature-invalid');
    const nonce = message.headers['signature-input']!.replace('n-1f0c2d', 'n-other');
    expect(await refusal({ ...message, headers: { ...message.headers, 'signature-input': nonce } })).toBe(
      'signature-invalid',
    );
  });

  it('is refused when it does not cover what it must', async () => {
    const noDigest = await signed(
      privateKey,
      key.keyid,
      { method: 'POST', url: URL_, body: '{}' },
      { fields: ['@method', '@target-uri'] },
    );
    expect(await refusal(noDigest)).toBe('signature-invalid');
    const noMethod = await signed(
      privateKey,
      key.keyid,
      { method: 'GET', url: URL_ },
      { fields: ['@target-uri'] },
    );
    expect(await refusal(noMethod)).toBe('signature-invalid');
    const noQuery = await signed(
      privateKey,
      key.keyid,
      { method: 'GET', url: URL_ },
      { fields: ['@method', '@authority', '@path'] },
    );
    expect(await refusal(noQuery)).toBe('signature-invalid');
    const noNonce = await signed(
      privateKey,
      key.keyid,
      { method: 'GET', url: URL_ },
      { params: ['created', 'keyid', 'alg'] },
    );
    expect(await refusal(noNonce)).toBe('signature-invalid');
    const unsigned = await signed(privateKey, key.keyid, { method: 'GET', url: URL_ });
    const { signature: _, ...withoutSignature } = unsigned.headers;
    expect(await refusal({ ...unsigned, headers: withoutSignature })).toBe('signature-missing');
  });

  it('is refused, before any key is looked up, when Content-Digest names a prototype key', async () => {
    const message = await signed(privateKey, key.keyid, { method: 'POST', url: URL_, body: '{"a":1}' });
    let looked = 0;
    const counting = async (keyid: string) => {
      looked += 1;
      return findKey(keyid);
    };
    for (const name of ['constructor', '__proto__']) {
      const headers = { ...message.headers, 'content-digest': `${name}=:AAAA:` };
      const kind = await verifySignedRequest({ ...message, headers }, counting, POLICY).then(
        () => 'accepted',
        (error: { kind: string }) => error.kind,
      );
      expect(kind, name).toBe('digest-mismatch');
    }
    expect(looked).toBe(0);
  });

  it('covers the body only when the signature covers every digest member the server checks', async () => {
    const body = '{"MaHoSo":"1"}';
    const bytes = new TextEncoder().encode(body);
    // Signed over one member only, one the server does not check.
    const partial = await signedWithDigest(
      `${contentDigest(bytes)}, unixsum=:AAAA:`,
      ['@method', '@target-uri', '"content-digest";key="unixsum"'],
      body,
    );
    const swapped = new TextEncoder().encode('{"MaHoSo":"2"}');
    expect(
      await refusal({
        ...partial,
        body: swapped,
        headers: { ...partial.headers, 'content-digest': `${contentDigest(swapped)}, unixsum=:AAAA:` },
      }),
    ).toBe('signature-invalid');
    // Even untouched: what is checked of the body is not signed.
    expect(await refusal(partial)).toBe('signature-invalid');
    // Signed over each member the server checks, by key: accepted, and a swap is caught.
    const both = `${contentDigest(bytes)}, ${contentDigest(bytes, 'sha-512')}`;
    const byMembers = await signedWithDigest(
      both,
      ['@method', '@target-uri', '"content-digest";key="sha-256"', '"content-digest";key="sha-512"'],
      body,
    );
    expect(await refusal(byMembers)).toBe('accepted');
    const oneOfTwo = await signedWithDigest(
      both,
      ['@method', '@target-uri', '"content-digest";key="sha-512"'],
      body,
    );
    expect(await refusal(oneOfTwo)).toBe('signature-invalid');
  });

  it('is refused outside its time: created too old or ahead of the clock, expires passed', async () => {
    const at = async (values: Record<string, Date | string>, params = ['created', 'keyid', 'nonce']) =>
      refusal(await signed(privateKey, key.keyid, { method: 'GET', url: URL_ }, { values, params }));
    expect(await at({ created: created(-301) })).toBe('signature-expired');
    expect(await at({ created: created(-299) })).toBe('accepted');
    expect(await at({ created: created(31) })).toBe('signature-expired');
    expect(await at({ created: created(29) })).toBe('accepted');
    const params = ['created', 'expires', 'keyid', 'nonce'];
    expect(await at({ created: created(-10), expires: created(-1) }, params)).toBe('signature-expired');
    expect(await at({ created: created(-10), expires: created(60) }, params)).toBe('accepted');
  });

  it('is refused with a key the registry does not hold as active, or signed by another key', async () => {
    const stranger = integratorKey('portal-2026');
    expect(
      await refusal(await signed(stranger.privateKey, 'portal-2026', { method: 'GET', url: URL_ })),
    ).toBe('signature-invalid');
    expect(await refusal(await signed(privateKey, 'revoked-2025', { method: 'GET', url: URL_ }))).toBe(
      'unknown-key',
    );
  });
});
