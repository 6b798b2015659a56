import {
  type Anchor,
  type CheckpointClaims,
  checkpointClaims,
  type ForgedAnchor,
  feedbackHistoryName,
  type Head,
  sortHeads,
} from '../domain/checkpoints.ts';
import { DomainError } from '../domain/errors.ts';
import { changedBetween } from '../persistence/changes.ts';
import { getProgress, type Progress, saveProgress } from '../persistence/checkpoints.ts';
import { headsOf } from '../persistence/dossiers.ts';
import { feedbackHeadsOf } from '../persistence/feedback.ts';
import { checkReceipt, signReceipt } from '../signing/receipts.ts';
import { checkpointsNaming, getCheckpoint, putCheckpoint, putHeadIndex } from '../storage/checkpoints.ts';

export const CHECKPOINT_TYPE = 'motcua-checkpoint+jws';
/** Events younger than this are left to the next checkpoint: their writes may still be settling. */
const SETTLE_MS = 60_000;
/** The first checkpoint of a deployment reaches this far back. */
const FIRST_LOOKBACK_MS = 31 * 86_400_000;

/**
 * Mốc xác thực: signs, with the province's key, the heads of every history (a dossier's, a
 * feedback's) that changed since the last checkpoint, and keeps the checkpoint where no function can rewrite
 * it. Two runs at once cannot both move on: the progress is written conditionally.
 */
export async function takeCheckpoint(
  now: Date,
  settleMs = SETTLE_MS,
): Promise<{ number: number; heads: number } | undefined> {
  const progress = (await getProgress()) ?? {
    number: 0,
    until: new Date(now.getTime() - FIRST_LOOKBACK_MS).toISOString(),
  };
  const until = new Date(now.getTime() - Math.max(0, settleMs)).toISOString();
  if (until <= progress.until) return undefined;
  const heads = sortHeads(await headsOfHistories(await changedBetween(progress.until, until)));
  const number = progress.number + 1;
  const claims = checkpointClaims(number, { from: progress.until, until }, now, progress.jws, heads);
  const jws = await signReceipt(claims, CHECKPOINT_TYPE);
  if ((await putCheckpoint(number, { jws, heads })) === 'exists') {
    // An earlier run (or one running alongside) wrote this checkpoint, and may have died
    // before its index or its progress: carry on from what it wrote.
    const earlier = await readAnchor(number);
    if (!earlier) throw new Error(`checkpoint ${number} exists but does not verify`);
    await putHeadIndex(number, earlier.heads);
    await recordProgress({ number, until: earlier.claims.until, jws: earlier.jws }, progress.number);
    return { number, heads: earlier.heads.length };
  }
  await putHeadIndex(number, heads);
  await recordProgress({ number, until, jws }, progress.number);
  return { number, heads: heads.length };
}

/**
 * Moves the progress on to checkpoint `progress.number`. A run alongside may have recorded
 * that very checkpoint first (it found the one this run wrote, or wrote the one this run
 * found): then nothing is left to do, whatever the order of the two.
 */
async function recordProgress(progress: Progress, after: number): Promise<void> {
  try {
    await saveProgress(progress, after);
  } catch (error) {
    if (!(error instanceof DomainError && error.kind === 'stale-version')) throw error;
    const now = await getProgress();
    if ((now?.number ?? 0) < progress.number) throw error;
  }
}

/** The heads of dossiers (by code) and of feedback (`feedback:<id>`), as recorded now. */
async function headsOfHistories(names: readonly string[]): Promise<Head[]> {
  const feedback = names.filter((name) => name.startsWith(FEEDBACK_PREFIX));
  const dossiers = names.filter((name) => !name.startsWith(FEEDBACK_PREFIX));
  const [ofDossiers, ofFeedback] = await Promise.all([
    headsOf(dossiers),
    feedbackHeadsOf(feedback.map((name) => name.slice(FEEDBACK_PREFIX.length))),
  ]);
  return [...ofDossiers, ...ofFeedback];
}

const FEEDBACK_PREFIX = feedbackHistoryName('');

/** A checkpoint with its signature checked, or undefined when missing or forged. */
export async function readAnchor(number: number): Promise<(Anchor & { jws: string }) | undefined> {
  const stored = await getCheckpoint(number);
  if (!stored) return undefined;
  const check = await checkReceipt(stored.jws, CHECKPOINT_TYPE);
  if (!check.valid) return undefined;
  return { claims: check.receipt as unknown as CheckpointClaims, heads: stored.heads, jws: stored.jws };
}

/** Every checkpoint that names a dossier, oldest first; one whose signature fails, as forged. */
export async function anchorsOf(code: string): Promise<(Anchor | ForgedAnchor)[]> {
  return Promise.all(
    (await checkpointsNaming(code)).map(
      async (checkpoint) => (await readAnchor(checkpoint)) ?? { checkpoint, forged: true as const },
    ),
  );
}
