import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentDigest } from '../../shared/domain/content-digest.ts';
import type { DomainError } from '../../shared/domain/errors.ts';
import {
  type SignedMessage,
  signatureHolds,
  signRequest,
  signRequestWith,
  verifySignedRequest,
} from '../../shared/http/signatures.ts';

const NOW = new Date('2026-12-01T03:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const POLICY = { now: NOW, windowSeconds: 300, skewSeconds: 30 };
const URL_ = 'https://api.example.gov.vn/integrations/v1/dossiers';
const KEYID = 'lgsp-2026';
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const KEY = { keyid: KEYID, publicKey: publicKey.export({ format: 'jwk' }) };

/** A request signed as integrators sign theirs. */
async function signed(
  body?: string,
  values: { created?: Date; nonce?: string } = {},
): Promise<SignedMessage> {
  const bytes = body === undefined ? undefined : Buffer.from(body);
  const headers = await signRequest(
    { method: 'POST', url: URL_, ...(bytes ? { body: bytes } : {}) },
    { keyid: KEYID, privateKey },
    { created: NOW, nonce: 'nonce-0001', ...values },
  );
  return { method: 'POST', url: URL_, headers, ...(bytes ? { body: bytes } : {}) };
}

/** The same message with its Signature-Input rewritten (the signature then checked last). */
const withInput = (message: SignedMessage, input: string): SignedMessage => ({
  ...message,
  headers: { ...message.headers, 'signature-input': input },
});

/** The refusal's kind and English detail, or `accepted`. */
async function refusal(
  message: SignedMessage,
  findKey = async (keyid: string) => (keyid === KEYID ? KEY : undefined),
) {
  try {
    await verifySignedRequest(message, findKey, POLICY);
    return 'accepted';
  } catch (error) {
    const { kind, detail } = error as DomainError;
    return `${kind}: ${(detail as { en: string }).en}`;
  }
}

describe('the shape of a signature', () => {
  it('needs both Signature-Input and Signature', async () => {
    const message = await signed();
    const missing = 'signature-missing: The request must carry Signature-Input and Signature (RFC 9421).';
    const { signature: _s, ...noSignature } = message.headers;
    const { 'signature-input': _i, ...noInput } = message.headers;
    expect(await refusal({ ...message, headers: noSignature })).toBe(missing);
    expect(await refusal({ ...message, headers: noInput })).toBe(missing);
  });

  it('is one signature, of a well-formed inner list', async () => {
    const message = await signed();
    const input = message.headers['signature-input']!;
    expect(await refusal(withInput(message, `${input}, ${input.replace(/^sig=/, 'other=')}`))).toBe(
      'signature-invalid: Send exactly one signature.',
    );
    expect(await refusal(withInput(message, 'sig1=("@method"'))).toBe(
      'signature-invalid: Signature-Input is malformed.',
    );
    expect(await refusal(withInput(message, 'sig1=abc;created=1'))).toBe(
      'signature-invalid: Signature-Input is malformed.',
    );
    expect(await refusal(withInput(message, ''))).toBe(
      'signature-missing: The request must carry Signature-Input and Signature (RFC 9421).',
    );
  });

  it('names everything it fails to cover, in order', async () => {
    const message = await signed('{"MaHoSo":"1"}');
    expect(await refusal(withInput(message, 'sig1=();alg="ed25519"'))).toBe(
      'signature-invalid: The signature must cover @method, @target-uri (or @authority, @path and @query), content-digest, the created parameter, the keyid parameter, the nonce parameter.',
    );
  });

  it('does not count a digest of the request’s or of trailers as the body’s', async () => {
    const message = await signed('{"MaHoSo":"1"}');
    const params = `;created=${NOW_SECONDS};keyid="${KEYID}";nonce="n-1"`;
    for (const digest of ['"content-digest";tr', '"content-digest";req'])
      expect(
        await refusal(withInput(message, `sig1=("@method" "@target-uri" ${digest})${params}`)),
        digest,
      ).toBe('signature-invalid: The signature must cover content-digest.');
    // Without a body, nothing needs a digest.
    const bodiless = await signed();
    expect(await refusal(withInput(bodiless, `sig1=("@method" "@target-uri")${params}`))).toBe(
      'signature-invalid: The signature does not match the request.',
    );
  });

  it('is ed25519 when it names its algorithm', async () => {
    const message = await signed();
    const input = message.headers['signature-input']!;
    expect(input).toContain('alg="ed25519"');
    expect(await refusal(withInput(message, input.replace('alg="ed25519"', 'alg="rsa-pss-sha512"')))).toBe(
      'signature-invalid: Only ed25519 signatures are accepted.',
    );
  });

  it('has keyid and nonce of 1 to 128 visible ASCII characters, as strings', async () => {
    const message = await signed();
    const input = message.headers['signature-input']!;
    const shapeRefusal =
      'signature-invalid: keyid and nonce must be strings of 1 to 128 visible ASCII characters.';
    for (const nonce of [`"${'n'.repeat(129)}"`, '""', 'token', '"a b"'])
      expect(
        await refusal(withInput(message, input.replace('nonce="nonce-0001"', `nonce=${nonce}`))),
        nonce,
      ).toBe(shapeRefusal);
    expect(
      await refusal(withInput(message, input.replace(`keyid="${KEYID}"`, `keyid="${'k'.repeat(129)}"`))),
    ).toBe(shapeRefusal);
    // 128 is still a nonce: the signature is what fails.
    expect(
      await refusal(withInput(message, input.replace('nonce="nonce-0001"', `nonce="${'n'.repeat(128)}"`))),
    ).toBe('signature-invalid: The signature does not match the request.');
  });

  it('has created as an integer, and expires as an integer not yet passed', async () => {
    const message = await signed();
    const input = message.headers['signature-input']!;
    for (const created of [`"${NOW_SECONDS}"`, `${NOW_SECONDS}.5`])
      expect(
        await refusal(withInput(message, input.replace(/created=\d+/, `created=${created}`))),
        created,
      ).toBe('signature-invalid: created must be an integer.');
    for (const expires of ['"soon"', `${NOW_SECONDS}.5`, String(NOW_SECONDS - 1)])
      expect(await refusal(withInput(message, `${input};expires=${expires}`)), expires).toBe(
        'signature-expired: The signature has expired.',
      );
  });
});

describe('the time of a signature', () => {
  it('says which bound it broke', async () => {
    expect(await refusal(await signed(undefined, { created: new Date(NOW.getTime() + 31_000) }))).toBe(
      'signature-expired: created is in the future.',
    );
    expect(await refusal(await signed(undefined, { created: new Date(NOW.getTime() - 301_000) }))).toBe(
      'signature-expired: The signature is older than 300 seconds.',
    );
  });

  it('gives back when it was made and when it expires, the last second included', async () => {
    const created = new Date(NOW.getTime() - 5_000);
    const expires = NOW;
    const headers = await import('http-message-signatures').then(({ createSigner, httpbis }) =>
      httpbis.signMessage(
        {
          key: createSigner(privateKey, 'ed25519', KEYID),
          fields: ['@method', '@target-uri'],
          params: ['created', 'expires', 'keyid', 'nonce'],
          paramValues: { created, expires, nonce: 'nonce-exp' },
        },
        { method: 'GET', url: URL_, headers: {} },
      ),
    );
    const message: SignedMessage = {
      method: 'GET',
      url: URL_,
      headers: Object.fromEntries(
        Object.entries(headers.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
      ),
    };
    expect(await verifySignedRequest(message, async () => KEY, POLICY)).toEqual({
      keyid: KEYID,
      nonce: 'nonce-exp',
      created,
      expires,
    });
  });
});

describe('the body of a signed request', () => {
  it('must come with its Content-Digest', async () => {
    const message = await signed('{"MaHoSo":"1"}');
    const { 'content-digest': _, ...headers } = message.headers;
    expect(await refusal({ ...message, headers })).toBe(
      'digest-mismatch: Content-Digest does not match the body received (absent).',
    );
    expect(await refusal({ ...message, body: Buffer.from('{"MaHoSo":"2"}') })).toBe(
      'digest-mismatch: Content-Digest does not match the body received (mismatch).',
    );
  });

  it('has every digest it carries covered, and names the one that is not', async () => {
    const body = Buffer.from('{"MaHoSo":"1"}');
    const both = `${contentDigest(body)}, ${contentDigest(body, 'sha-512')}`;
    const headers = await import('http-message-signatures').then(({ createSigner, httpbis }) =>
      httpbis.signMessage(
        {
          key: createSigner(privateKey, 'ed25519', KEYID),
          fields: ['@method', '@target-uri', '"content-digest";key="sha-256"'],
          params: ['created', 'keyid', 'nonce'],
          paramValues: { created: NOW, nonce: 'nonce-dig' },
        },
        { method: 'POST', url: URL_, headers: { 'content-digest': both } },
      ),
    );
    const message: SignedMessage = {
      method: 'POST',
      url: URL_,
      headers: Object.fromEntries(
        Object.entries(headers.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
      ),
      body,
    };
    expect(await refusal(message)).toBe(
      'signature-invalid: The signature must cover every digest of the body: sha-512 is not covered.',
    );
  });
});

describe('an empty body', () => {
  it('is no body: it needs no digest, and any digest sent with it is not checked', async () => {
    const message = { ...(await signed()), body: new Uint8Array(0) };
    expect(await refusal(message)).toBe('accepted');
    const stray = { ...message, headers: { ...message.headers, 'content-digest': 'sha-256=:AAAA:' } };
    expect(await refusal(stray)).toBe('accepted');
  });
});

describe('the key of a signature', () => {
  it('must be active in the registry, which the refusal names', async () => {
    expect(await refusal(await signed(), async () => undefined)).toBe(
      'unknown-key: No active key lgsp-2026: unknown, or revoked.',
    );
  });
});

describe('a signature over a URL the runtime cannot spell for sure', () => {
  it('holds when it holds for one of the spellings offered', async () => {
    const message = await signed();
    const elsewhere = `${URL_}/other`;
    expect(await signatureHolds({ ...message, url: elsewhere }, publicKey)).toBe(false);
    expect(await signatureHolds({ ...message, url: elsewhere, spellings: [URL_] }, publicKey)).toBe(true);
    expect(await signatureHolds({ ...message, url: elsewhere, spellings: [`${URL_}/x`] }, publicKey)).toBe(
      false,
    );
  });

  it('ignores headers the runtime has no value for', async () => {
    const message = await signed();
    expect(
      await signatureHolds({ ...message, headers: { ...message.headers, 'x-absent': undefined } }, publicKey),
    ).toBe(true);
  });

  it('does not hold when its value is no byte sequence', async () => {
    const message = await signed();
    expect(
      await signatureHolds({ ...message, headers: { ...message.headers, signature: 'sig1=?1' } }, publicKey),
    ).toBe(false);
  });
});

describe('a request signed by this system', () => {
  it('without a body carries no Content-Digest, and covers the method and the target only', async () => {
    const headers = await signRequest({ method: 'GET', url: URL_ }, { keyid: KEYID, privateKey });
    expect(headers['content-digest']).toBeUndefined();
    expect(headers['signature-input']).toMatch(/^sig=\("@method" "@target-uri"\);/);
  });

  it('with a body covers its Content-Digest too, in lower-case header names', async () => {
    const body = Buffer.from('{"a":1}');
    const headers = await signRequestWith(
      { method: 'POST', url: URL_, body, headers: { 'Content-Type': 'application/json' } },
      {
        id: KEYID,
        sign: async (data) =>
          Buffer.from(await import('node:crypto').then(({ sign }) => sign(null, data, privateKey))),
      },
    );
    expect(headers['content-digest']).toBe(contentDigest(body));
    expect(headers['content-type']).toBe('application/json');
    expect(headers['signature-input']).toMatch(/^sig=\("@method" "@target-uri" "content-digest"\);/);
  });

  it('is made now, with a fresh nonce each time, unless told otherwise', async () => {
    const before = Math.floor(Date.now() / 1000);
    const one = await signRequest({ method: 'GET', url: URL_ }, { keyid: KEYID, privateKey });
    const two = await signRequest({ method: 'GET', url: URL_ }, { keyid: KEYID, privateKey });
    const after = Math.floor(Date.now() / 1000);
    const created = Number(/created=(\d+)/.exec(one['signature-input']!)![1]);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(after);
    const nonce = (headers: Record<string, string>) =>
      /nonce="([^"]+)"/.exec(headers['signature-input']!)![1];
    expect(nonce(one)).toMatch(/^[0-9a-f-]{36}$/);
    expect(nonce(one)).not.toBe(nonce(two));
    expect(one['signature-input']).toContain(`keyid="${KEYID}"`);
    expect(one['signature-input']).toContain('alg="ed25519"');
  });
});

describe('every refusal of a signature', () => {
  /** The refusal's detail in both languages. */
  async function detail(
    message: SignedMessage,
    findKey = async (keyid: string) => (keyid === KEYID ? KEY : undefined),
  ) {
    const error = await verifySignedRequest(message, findKey, POLICY).then(
      () => undefined,
      (refused: DomainError) => refused,
    );
    return error!.detail as { vi: string; en: string };
  }

  /** A POST whose Content-Digest holds sha-256, sha-512 and an unknown member, signed over the unknown one only. */
  async function signedOverUnknownDigest(): Promise<SignedMessage> {
    const { createSigner, httpbis } = await import('http-message-signatures');
    const body = Buffer.from('{"MaHoSo":"1"}');
    const digest = `${contentDigest(body)}, ${contentDigest(body, 'sha-512')}, unixsum=:AAAA:`;
    const result = await httpbis.signMessage(
      {
        key: createSigner(privateKey, 'ed25519', KEYID),
        fields: ['@method', '@target-uri', '"content-digest";key="unixsum"'],
        params: ['created', 'keyid', 'nonce'],
        paramValues: { created: NOW, nonce: 'nonce-unix' },
      },
      { method: 'POST', url: URL_, headers: { 'content-digest': digest } },
    );
    return {
      method: 'POST',
      url: URL_,
      headers: Object.fromEntries(
        Object.entries(result.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
      ),
      body,
    };
  }

  it('is explained in Vietnamese as well as English, with the same particulars', async () => {
    const plain = await signed();
    const withBody = await signed('{"MaHoSo":"1"}');
    const input = plain.headers['signature-input']!;
    const { signature: _, ...unsigned } = plain.headers;
    const cases: [string, SignedMessage, string[], ((keyid: string) => Promise<undefined>)?][] = [
      ['missing', { ...plain, headers: unsigned }, ['Signature-Input', 'Signature', 'RFC 9421']],
      ['malformed', withInput(plain, 'sig1=("@method"'), ['Signature-Input']],
      ['two signatures', withInput(plain, `${input}, ${input.replace(/^sig=/, 'other=')}`), []],
      ['not a list', withInput(plain, 'sig1=abc;created=1'), ['Signature-Input']],
      [
        'uncovered',
        withInput(withBody, 'sig1=();alg="ed25519"'),
        ['@method, @target-uri (or @authority, @path and @query), content-digest'],
      ],
      ['algorithm', withInput(plain, input.replace('alg="ed25519"', 'alg="hmac-sha256"')), ['ed25519']],
      ['nonce', withInput(plain, input.replace('nonce="nonce-0001"', 'nonce=""')), ['keyid', 'nonce', '128']],
      ['created', withInput(plain, input.replace(/created=\d+/, 'created="x"')), ['created']],
      ['digest', { ...withBody, body: Buffer.from('{"MaHoSo":"2"}') }, ['Content-Digest']],
      ['digest uncovered', await signedOverUnknownDigest(), ['sha-256, sha-512']],
      ['future', await signed(undefined, { created: new Date(NOW.getTime() + 60_000) }), ['created']],
      ['old', await signed(undefined, { created: new Date(NOW.getTime() - 600_000) }), ['300']],
      ['expired', withInput(plain, `${input};expires=${NOW_SECONDS - 1}`), []],
      ['unknown key', plain, [KEYID], async () => undefined],
      ['another key', { ...plain, method: 'PUT' }, []],
    ];
    for (const [name, message, particulars, findKey] of cases) {
      const { vi, en } = await detail(message, findKey);
      expect(vi.length, name).toBeGreaterThan(10);
      expect(vi, name).not.toBe(en);
      for (const particular of particulars) {
        expect(en, name).toContain(particular);
        expect(vi, name).toContain(particular);
      }
    }
  });
});
