import * as fc from 'fast-check';

/** The seed of a run: fixed, so that every run sends the same requests unless told otherwise. */
export const DEFAULT_SEED = 20_240_601;

export function seedFromEnvironment(): number {
  const given = process.env.FUZZ_SEED;
  if (given === undefined || given === '') return DEFAULT_SEED;
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${given}`);
  return seed;
}

/** A small seeded generator; each group of requests gets its own, so concurrency never reorders draws. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, below). */
  int(below: number): number;
  /** An integer in [low, high]. */
  between(low: number, high: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: `[[3, a], [1, b]]` gives a three times as often as b. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T;
  /** A string matching the pattern, drawn by fast-check from a seed of this generator. */
  matching(pattern: string): string;
  /** Printable ASCII. */
  ascii(length: number): string;
}

/** mulberry32: tiny, fast and good enough to draw test inputs. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A generator for one part of the run, e.g. `random(seed, 'getDossier', 'admin')`. */
export function random(seed: number, ...labels: string[]): Random {
  const next = mulberry32(hash(`${seed}:${labels.join(':')}`));
  const int = (below: number) => Math.floor(next() * below);
  const self: Random = {
    next,
    int,
    between: (low, high) => low + int(high - low + 1),
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('nothing to pick from');
      return items[int(items.length)]!;
    },
    weighted: (choices) => {
      const total = choices.reduce((sum, [weight]) => sum + weight, 0);
      let at = next() * total;
      for (const [weight, value] of choices) {
        at -= weight;
        if (at < 0) return value;
      }
      return choices[choices.length - 1]![1];
    },
    matching: (pattern) =>
      fc.sample(fc.stringMatching(new RegExp(pattern)), { seed: int(2 ** 31), numRuns: 1 })[0]!,
    ascii: (length) => Array.from({ length }, () => String.fromCharCode(0x20 + int(95))).join(''),
  };
  return self;
}

/** FNV-1a, to turn a seed and labels into a 32-bit seed. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let at = 0; at < text.length; at++) {
    value ^= text.charCodeAt(at);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}
