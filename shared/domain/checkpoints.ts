import { createHash } from 'node:crypto';
import { type Feedback, type FeedbackEvent, recordHash } from './feedback.ts';
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

/** The name under which checkpoints list a feedback's history beside the dossiers' codes. */
export const feedbackHistoryName = (id: string): string => `feedback:${id}`;

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
  const fail = failure(events.length);
  const last = events.at(-1);
  const head = heldToHead('dossier', dossier, events);
  if (head) return fail(head);
  if (dossier.state !== last?.toState)
    return fail(`the dossier is in state ${dossier.state}, its last event left it in ${last?.toState}`);
  if (events[0]?.data?.applicationHash !== applicationHash)
    return fail('the application differs from the one submitted', 1);
  return heldToAnchors('dossier', dossier.code, events, anchors);
}

/**
 * The same guarantees for feedback: its chain, the feedback item's head, the item as its last
 * step left it (its state, unit and the hash of its record: an answer written straight onto
 * the item is caught), and every checkpoint naming it.
 */
export function verifyFeedbackHistory(
  feedback: Feedback & { likes?: number; dislikes?: number },
  events: readonly FeedbackEvent[],
  anchors: readonly (Anchor | ForgedAnchor)[] = [],
): HistoryVerdict {
  const chain = verifyChain(events as unknown as readonly (ChainedEvent & Record<string, unknown>)[]);
  if (!chain.valid) return chain;
  const fail = failure(events.length);
  const last = events.at(-1);
  const head = heldToHead('feedback', feedback, events);
  if (head) return fail(head);
  if (feedback.state !== last?.state || feedback.unit !== last.unit)
    return fail(
      `the feedback is ${feedback.state} at ${feedback.unit}; its last step left it ${last?.state} at ${last?.unit}`,
    );
  if (last.recordHash !== undefined && last.recordHash !== recordHash(feedback))
    return fail('the feedback differs from what its last step recorded', last.seq);
  return heldToAnchors('feedback', feedbackHistoryName(feedback.id), events, anchors);
}

const failure =
  (length: number) =>
  (reason: string, brokenAt?: number): HistoryVerdict => ({
    valid: false,
    length,
    ...(brokenAt ? { brokenAt } : {}),
    reason,
  });

/** What is wrong with the item's head (count and last hash) against its history, if anything. */
function heldToHead(
  what: 'dossier' | 'feedback',
  recorded: { eventCount: number; lastEventHash: string },
  events: readonly ChainedEvent[],
): string | undefined {
  if (recorded.eventCount !== events.length)
    return `the ${what} counts ${recorded.eventCount} events, the history has ${events.length}`;
  if (recorded.lastEventHash !== events.at(-1)?.hash)
    return `the ${what}'s last hash is not its last event's`;
  return undefined;
}

/** Holds a consistent history to every checkpoint naming it, oldest first. */
function heldToAnchors(
  what: 'dossier' | 'feedback',
  name: string,
  events: readonly ChainedEvent[],
  anchors: readonly (Anchor | ForgedAnchor)[],
): HistoryVerdict {
  const fail = failure(events.length);
  let seen: { number: number; at: string; count: number } | undefined;
  for (const anchor of anchors) {
    if ('forged' in anchor)
      return fail(`checkpoint ${anchor.checkpoint} does not bear the province's signature`);
    const number = anchor.claims.checkpoint;
    const head = anchor.heads.find((candidate) => candidate.code === name);
    if (!head || headsDigest(anchor.heads) !== anchor.claims.headsDigest)
      return fail(`checkpoint ${number} does not vouch for this ${what}`);
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
