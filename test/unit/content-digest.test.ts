import { describe, expect, it } from 'vitest';
import { checkContentDigest, contentDigest } from '../../shared/domain/content-digest.ts';

const BODY = new TextEncoder().encode('{"hello": "world"}');

describe('a Content-Digest that does not hold', () => {
  it('a header that is no structured dictionary at all is malformed', () => {
    for (const header of ['(((', 'sha-256=:AAAA', '=:AAAA:'])
      expect(checkContentDigest(header, BODY), header).toEqual({ ok: false, reason: 'malformed' });
  });

  it('a digest of another length than its algorithm’s is a mismatch, not a failure to check', () => {
    expect(checkContentDigest('sha-256=:AAAA:', BODY)).toEqual({ ok: false, reason: 'mismatch' });
    const sha512 = contentDigest(BODY, 'sha-512').replace('sha-512', 'sha-256');
    expect(checkContentDigest(sha512, BODY)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('one known algorithm that does not match fails the header, whatever the others say', () => {
    const good = contentDigest(BODY, 'sha-256');
    const bad = contentDigest(new TextEncoder().encode('other'), 'sha-512');
    expect(checkContentDigest(`${good}, ${bad}`, BODY)).toEqual({ ok: false, reason: 'mismatch' });
  });
});
