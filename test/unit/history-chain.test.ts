import { describe, expect, it } from 'vitest';
import { dossierCode } from '../../shared/domain/dossier-code.ts';
import { canonicalJson, eventHash, GENESIS, verifyChain } from '../../shared/domain/history.ts';

function chain(length: number) {
  const events: { seq: number; prevHash: string; hash: string; n: number }[] = [];
  for (let seq = 1; seq <= length; seq += 1) {
    const content = { seq, prevHash: events.at(-1)?.hash ?? GENESIS, n: seq * 10 };
    events.push({ ...content, hash: eventHash(content) });
  }
  return events;
}

describe('a hash-chained history', () => {
  it('writes JSON one way: keys sorted at every depth, undefined left out, values as JSON writes them', () => {
    expect(canonicalJson({ b: { d: [1, null], c: 'x' }, a: undefined, A: true })).toBe(
      '{"A":true,"b":{"c":"x","d":[1,null]}}',
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson('ệ')).toBe('"ệ"');
    expect(canonicalJson([{ z: 1, y: 2 }])).toBe('[{"y":2,"z":1}]');
  });

  it('hashes an event without its own hash', () => {
    const [first] = chain(1);
    expect(eventHash({ ...first!, hash: 'anything' })).toBe(first!.hash);
  });

  it('holds when every link holds, and names the first that breaks, and why', () => {
    const events = chain(3);
    expect(verifyChain(events)).toEqual({ valid: true, length: 3 });
    expect(verifyChain([])).toEqual({ valid: true, length: 0 });
    expect(verifyChain([events[0]!, events[2]!])).toEqual({
      valid: false,
      length: 2,
      brokenAt: 3,
      reason: 'expected event 2, found 3',
    });
    const relinked = { ...events[1]!, prevHash: GENESIS };
    const rehashed = { ...relinked, hash: eventHash(relinked) };
    expect(verifyChain([events[0]!, rehashed, events[2]!])).toMatchObject({
      brokenAt: 2,
      reason: 'prevHash does not match the hash of the event before',
    });
    expect(verifyChain([events[0]!, { ...events[1]!, n: 21 }, events[2]!])).toMatchObject({
      brokenAt: 2,
      reason: 'the content does not match its hash',
    });
  });
});

describe('a dossier code', () => {
  it('takes a positive whole sequence only', () => {
    const at = new Date('2026-12-02T03:00:00.000Z');
    expect(dossierCode('000.02.30.H19', at, 1)).toBe('000.02.30.H19-261202-0001');
    for (const sequence of [0, -1, 1.5, Number.NaN])
      expect(() => dossierCode('000.02.30.H19', at, sequence), String(sequence)).toThrow(
        `sequence must be a positive integer: ${sequence}`,
      );
  });
});
