import { describe, expect, it } from 'vitest';
import {
  type Anchor,
  checkpointClaims,
  checkpointHash,
  type Head,
  headsDigest,
  sortHeads,
  verifyHistory,
} from '../../shared/domain/checkpoints.ts';
import { eventHash, GENESIS } from '../../shared/domain/history.ts';

const CODE = '000.02.30.H19-261202-0001';
const APPLICATION = 'hash-of-the-application';

/** A history of `states.length` events, chained, the first carrying the application's hash. */
function history(states: number[]) {
  const events: {
    seq: number;
    prevHash: string;
    hash: string;
    toState: number;
    data: Record<string, unknown>;
  }[] = [];
  for (const [at, toState] of states.entries()) {
    const content = {
      seq: at + 1,
      prevHash: events.at(-1)?.hash ?? GENESIS,
      toState,
      data: at === 0 ? { applicationHash: APPLICATION } : { step: at },
    };
    events.push({ ...content, hash: eventHash(content) });
  }
  return events;
}

const events = history([1, 2, 4]);
const head = (count: number, list = events): Head => ({ code: CODE, count, hash: list[count - 1]!.hash });
const dossier = { code: CODE, eventCount: 3, lastEventHash: events[2]!.hash, state: 4 };

function anchor(number: number, heads: Head[]): Anchor {
  const window = { from: '2026-12-02T00:00:00.000Z', until: '2026-12-02T01:00:00.000Z' };
  return {
    claims: checkpointClaims(number, window, new Date(Date.UTC(2026, 11, 2, number)), undefined, heads),
    heads,
  };
}

describe('a history is held to its chain, its dossier, its application and its checkpoints', () => {
  it('holds when all agree, naming the latest checkpoint that anchors it', () => {
    expect(verifyHistory(dossier, events, APPLICATION)).toEqual({ valid: true, length: 3 });
    const anchors = [anchor(1, [head(2)]), anchor(2, [{ code: 'other', count: 1, hash: 'x' }, head(3)])];
    expect(verifyHistory(dossier, events, APPLICATION, anchors)).toEqual({
      valid: true,
      length: 3,
      checkpoint: { number: 2, at: '2026-12-02T02:00:00.000Z', count: 3 },
    });
  });

  it('fails when the dossier item disagrees: its count, its last hash, its state', () => {
    expect(verifyHistory({ ...dossier, eventCount: 4 }, events, APPLICATION)).toEqual({
      valid: false,
      length: 3,
      reason: 'the dossier counts 4 events, the history has 3',
    });
    expect(verifyHistory({ ...dossier, lastEventHash: events[1]!.hash }, events, APPLICATION)).toMatchObject({
      valid: false,
      reason: "the dossier's last hash is not its last event's",
    });
    expect(verifyHistory({ ...dossier, state: 5 }, events, APPLICATION)).toMatchObject({
      valid: false,
      reason: 'the dossier is in state 5, its last event left it in 4',
    });
  });

  it('fails at event 1 when the application is not the one submitted', () => {
    expect(verifyHistory(dossier, events, 'another-application')).toEqual({
      valid: false,
      length: 3,
      brokenAt: 1,
      reason: 'the application differs from the one submitted',
    });
  });

  it('fails on a broken chain before anything else', () => {
    const rewritten = events.map((event, at) => (at === 1 ? { ...event, toState: 3 } : event));
    expect(verifyHistory(dossier, rewritten, APPLICATION)).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('fails when a checkpoint is forged, does not name the dossier, or its list does not match its digest', () => {
    expect(verifyHistory(dossier, events, APPLICATION, [{ checkpoint: 4, forged: true }])).toMatchObject({
      valid: false,
      reason: "checkpoint 4 does not bear the province's signature",
    });
    expect(
      verifyHistory(dossier, events, APPLICATION, [anchor(5, [{ code: 'other', count: 1, hash: 'x' }])]),
    ).toMatchObject({
      reason: 'checkpoint 5 does not vouch for this dossier',
    });
    const tampered = { ...anchor(6, [head(3)]), heads: [{ ...head(3), count: 2 }] };
    expect(verifyHistory(dossier, events, APPLICATION, [tampered])).toMatchObject({
      reason: 'checkpoint 6 does not vouch for this dossier',
    });
  });

  it('fails when events a checkpoint saw are gone or differ, even rewritten with every hash recomputed', () => {
    const shorter = events.slice(0, 2);
    const head2 = { ...dossier, eventCount: 2, lastEventHash: shorter[1]!.hash, state: 2 };
    expect(verifyHistory(head2, shorter, APPLICATION, [anchor(7, [head(3)])])).toEqual({
      valid: false,
      length: 2,
      reason: 'checkpoint 7 saw 3 events; 2 remain',
    });
    const recomputed = history([1, 2, 5]);
    const rewritten = { ...dossier, lastEventHash: recomputed[2]!.hash, state: 5 };
    expect(verifyHistory(rewritten, recomputed, APPLICATION, [anchor(8, [head(3)])])).toEqual({
      valid: false,
      length: 3,
      brokenAt: 3,
      reason: 'event 3 differs from what checkpoint 8 saw',
    });
  });

  it('fails when a later checkpoint saw fewer events than an earlier one', () => {
    expect(
      verifyHistory(dossier, events, APPLICATION, [anchor(1, [head(3)]), anchor(2, [head(2)])]),
    ).toMatchObject({
      valid: false,
      reason: 'checkpoint 2 saw fewer events (2) than checkpoint 1',
    });
  });
});

describe('a checkpoint', () => {
  it('signs a digest of the heads in one order whatever the order given, and chains to the one before', () => {
    const a = { code: 'a', count: 1, hash: 'h1' };
    const b = { code: 'b', count: 2, hash: 'h2' };
    expect(sortHeads([b, a])).toEqual([a, b]);
    expect(sortHeads([a, a])).toEqual([a, a]);
    expect(headsDigest([b, a])).toBe(headsDigest([a, b]));
    expect(headsDigest([a])).not.toBe(headsDigest([b]));
    const window = { from: 'f', until: 'u' };
    const first = checkpointClaims(1, window, new Date(0), undefined, [a, b]);
    expect(first).toEqual({
      checkpoint: 1,
      at: '1970-01-01T00:00:00.000Z',
      from: 'f',
      until: 'u',
      previous: GENESIS,
      heads: 2,
      headsDigest: headsDigest([a, b]),
    });
    const second = checkpointClaims(2, window, new Date(0), 'the.first.jws', []);
    expect(second.previous).toBe(checkpointHash('the.first.jws'));
    expect(checkpointHash('the.first.jws')).toMatch(/^[0-9a-f]{64}$/);
    expect(checkpointHash('x')).not.toBe(checkpointHash('y'));
  });
});
