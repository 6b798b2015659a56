import { createHash } from 'node:crypto';
import { type ChainedEvent, canonicalJson, GENESIS, verifyChain } from './history.ts';

/**
 * Anchoring the histories outside the table. A checkpoint signs the heads (event count and
 * last hash) of the dossiers changed since the one before; it is kept where no function can
 * rewrite it. Verification then holds a dossier's history to three things: its own chain,
 * the dossier item's head and application, and every checkpoint that names it. Someone
 * with write access to the table can make a chain consistent with itself, but not with a
 * checkpoint signed before the change. Pure: signing and storage are the caller's.
 */

/** A dossier's head: how many events its history had and the hash of the last. */
export interface Head {
  code: string;
  count: number;
  hash: string;
}

/** What a checkpoint signs: bounded whatever the number of dossiers (their list has a digest). */
export interface CheckpointClaims {
  checkpoint: number;
  at: string;
  /** The window of changes it covers: events written from `from` (inclusive) to `until` (exclusive). */
  from: string;
  until: string;
  /** The SHA-256 of the checkpoint before (of its stored JWS), chaining the checkpoints too. */
  previous: string;
  heads: number;
  headsDigest: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const headsDigest = (heads: readonly Head[]): string => sha256(canonicalJson(sortHeads(heads)));

export const sortHeads = (heads: readonly Head[]): Head[] =>
  [...heads].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

/** The hash by which the next checkpoint names this one. */
export const checkpointHash = (jws: string): string => sha256(jws);

export function checkpointClaims(
  number: number,
  window: { from: string; until: string },
  at: Date,
  previousJws: string | undefined,
  heads: readonly Head[],
): CheckpointClaims {
  return {
    checkpoint: number,
    at: at.toISOString(),
    from: window.from,
    until: window.until,
    previous: previousJws ? checkpointHash(previousJws) : GENESIS,
    heads: heads.length,
    headsDigest: headsDigest(heads),
  };
}

/** A checkpoint as read back: its claims (signature already checked) and its list of heads. */
export interface Anchor {
  claims: CheckpointClaims;
  heads: readonly Head[];
}

/** A checkpoint the index names whose signature does not hold. */
export interface ForgedAnchor {
  checkpoint: number;
  forged: true;
}

export type HistoryVerdict =
  | { valid: true; length: number; checkpoint?: { number: number; at: string; count: number } }
  | { valid: false; length: number; brokenAt?: number; reason: string };

interface Recorded {
  code: string;
  eventCount: number;
  lastEventHash: string;
  state: number;
}

type Event = ChainedEvent & { toState?: number; data?: Record<string, unknown> };

/**
 * Holds a history to its chain, to the dossier item's head (count, last hash, state), to the
 * application's hash carried by the first event, and to every checkpoint naming it, oldest
 * first: a rewrite that a later checkpoint signed is still caught by the one before.
 */
export function verifyHistory(
  dossier: Recorded,
  events: readonly Event[],
  applicationHash: string,
  anchors: readonly (Anchor | ForgedAnchor)[] = [],
): HistoryVerdict {
  const chain = verifyChain(events as readonly (ChainedEvent & Record<string, unknown>)[]);
  if (!chain.valid) return chain;
  const fail = (reason: string, brokenAt?: number): HistoryVerdict => ({
    valid: false,
    length: events.length,
    ...(brokenAt ? { brokenAt } : {}),
    reason,
  });
  const last = events.at(-1);
  if (dossier.eventCount !== events.length)
    return fail(`the dossier counts ${dossier.eventCount} events, the history has ${events.length}`);
  if (dossier.lastEventHash !== last?.hash) return fail("the dossier's last hash is not its last event's");
  if (dossier.state !== last?.toState)
    return fail(`the dossier is in state ${dossier.state}, its last event left it in ${last?.toState}`);
  if (events[0]?.data?.applicationHash !== applicationHash)
    return fail('the application differs from the one submitted', 1);
  let seen: { number: number; at: string; count: number } | undefined;
  for (const anchor of anchors) {
    if ('forged' in anchor)
      return fail(`checkpoint ${anchor.checkpoint} does not bear the province's signature`);
    const number = anchor.claims.checkpoint;
    const head = anchor.heads.find((candidate) => candidate.code === dossier.code);
    if (!head || headsDigest(anchor.heads) !== anchor.claims.headsDigest)
      return fail(`checkpoint ${number} does not vouch for this dossier`);
    if (events.length < head.count)
      return fail(`checkpoint ${number} saw ${head.count} events; ${events.length} remain`);
    if (events[head.count - 1]?.hash !== head.hash)
      return fail(`event ${head.count} differs from what checkpoint ${number} saw`, head.count);
    if (seen && head.count < seen.count)
      return fail(`checkpoint ${number} saw fewer events (${head.count}) than checkpoint ${seen.number}`);
    seen = { number, at: anchor.claims.at, count: head.count };
  }
  return { valid: true, length: events.length, ...(seen ? { checkpoint: seen } : {}) };
}
