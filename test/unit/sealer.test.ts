import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { envelopeSealer, fileKeyWrapper, isSealed } from '../../shared/signing/sealer.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const FOR = { subscription: 'lgsp/sub_AAAAAAAAAAAAAAAA' };

describe('secrets sealed with the province key (envelope encryption)', () => {
  const sealer = envelopeSealer(fileKeyWrapper(randomBytes(32)));

  it('keep nothing of the secret in the clear, each sealing with its own data key, and open to it', async () => {
    const [one, two] = [await sealer.seal(SECRET, FOR), await sealer.seal(SECRET, FOR)];
    expect(isSealed(one)).toBe(true);
    expect(isSealed(SECRET)).toBe(false);
    expect(one).not.toContain('whsec_');
    expect(one).not.toContain(SECRET.slice(6, 20));
    expect(one).not.toBe(two);
    expect(await sealer.open(one, FOR)).toBe(SECRET);
    expect(await sealer.open(two, FOR)).toBe(SECRET);
  });

  it('do not open for another subscription, under another key, or once tampered with', async () => {
    const sealed = await sealer.seal(SECRET, FOR);
    await expect(sealer.open(sealed, { subscription: 'other/sub_BBBBBBBBBBBBBBBB' })).rejects.toThrow();
    await expect(envelopeSealer(fileKeyWrapper(randomBytes(32))).open(sealed, FOR)).rejects.toThrow();
    const parts = sealed.split('.');
    const last = parts[4]!;
    parts[4] = `${last.slice(0, -2)}${last.at(-2) === 'A' ? 'B' : 'A'}${last.at(-1)}`;
    await expect(sealer.open(parts.join('.'), FOR)).rejects.toThrow();
    await expect(sealer.open(SECRET, FOR)).rejects.toThrow(/not a sealed secret/);
  });
});
