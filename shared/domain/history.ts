import { createHash } from 'node:crypto';

/**
 * The history of a dossier is a hash chain: each event stores the hash of the one before
 * and the hash of its own content, so rewriting any event breaks every link after it.
 */
export interface ChainedEvent {
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS = '0'.repeat(64);

/** JSON with keys sorted at every level: one byte sequence per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export function eventHash(event: Omit<ChainedEvent, 'hash'> & Record<string, unknown>): string {
  const { hash: _hash, ...content } = event as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export type ChainVerdict =
  | { valid: true; length: number }
  | { valid: false; length: number; brokenAt: number; reason: string };

/** Recomputes the chain and reports the first broken link. */
export function verifyChain(events: readonly (ChainedEvent & Record<string, unknown>)[]): ChainVerdict {
  let previous = GENESIS;
  for (const [index, event] of events.entries()) {
    const fail = (reason: string): ChainVerdict => ({
      valid: false,
      length: events.length,
      brokenAt: event.seq,
      reason,
    });
    if (event.seq !== index + 1) return fail(`expected event ${index + 1}, found ${event.seq}`);
    if (event.prevHash !== previous) return fail('prevHash does not match the hash of the event before');
    if (eventHash(event) !== event.hash) return fail('the content does not match its hash');
    previous = event.hash;
  }
  return { valid: true, length: events.length };
}
