import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devIssuer, receiptKeyFile, secretsKeyFile } from '../../infra/local/dev-issuer.ts';

describe("the local runtime's keys, made on first use under the state folder", () => {
  it('are one key when two runtimes start on a fresh folder at once, and nothing else is left there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-keys-'));
    const [first, second] = await Promise.all([devIssuer(dir), devIssuer(dir)]);
    expect(first.jwks).toEqual(second.jwks);
    expect(readdirSync(dir)).toEqual(['dev-issuer.jwk']);
  });

  it('keep the sealing and receipt keys of whoever made them first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-keys-'));
    const sealing = readFileSync(secretsKeyFile(dir), 'utf8');
    const receipt = readFileSync(receiptKeyFile(dir), 'utf8');
    expect(readFileSync(secretsKeyFile(dir), 'utf8')).toBe(sealing);
    expect(readFileSync(receiptKeyFile(dir), 'utf8')).toBe(receipt);
    expect(readdirSync(dir).sort()).toEqual(['receipt-signing.jwk', 'secrets-sealing.key']);
  });
});
