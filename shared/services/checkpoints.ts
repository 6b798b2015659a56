import { type Anchor, type CheckpointClaims, checkpointClaims, sortHeads } from '../domain/checkpoints.ts';
import { getProgress, saveProgress } from '../persistence/checkpoints.ts';
import { changedBetween, headsOf } from '../persistence/dossiers.ts';
import { checkReceipt, signReceipt } from '../signing/receipts.ts';
import { checkpointsNaming, getCheckpoint, putCheckpoint, putHeadIndex } from '../storage/checkpoints.ts';

export const CHECKPOINT_TYPE = 'motcua-checkpoint+jws';
/** Events younger than this are left to the next checkpoint: their writes may still be settling. */
const SETTLE_MS = 60_000;
/** The first checkpoint of a deployment reaches this far back. */
const FIRST_LOOKBACK_MS = 31 * 86_400_000;

/**
 * Mốc xác thực: signs, with the province's key, the heads of every dossier whose history
 * changed since the last checkpoint, and keeps the checkpoint where no function can rewrite
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
  const heads = sortHeads(await headsOf(await changedBetween(progress.until, until)));
  const number = progress.number + 1;
  const claims = checkpointClaims(number, { from: progress.until, until }, now, progress.jws, heads);
  const jws = await signReceipt(claims, CHECKPOINT_TYPE);
  await putHeadIndex(number, heads);
  if ((await putCheckpoint(number, { jws, heads })) === 'exists') {
    // An earlier run wrote this checkpoint and died before recording it: carry on from it.
    const earlier = await readAnchor(number);
    if (!earlier) throw new Error(`checkpoint ${number} exists but does not verify`);
    await saveProgress({ number, until: earlier.claims.until, jws: earlier.jws }, progress.number);
    return { number, heads: earlier.heads.length };
  }
  await saveProgress({ number, until, jws }, progress.number);
  return { number, heads: heads.length };
}

/** A checkpoint with its signature checked, or undefined when missing or forged. */
async function readAnchor(number: number): Promise<(Anchor & { jws: string }) | undefined> {
  const stored = await getCheckpoint(number);
  if (!stored) return undefined;
  const check = await checkReceipt(stored.jws, CHECKPOINT_TYPE);
  if (!check.valid) return undefined;
  return { claims: check.receipt as unknown as CheckpointClaims, heads: stored.heads, jws: stored.jws };
}

/** The latest checkpoint that names a dossier and verifies, if any. */
export async function anchorOf(code: string): Promise<Anchor | undefined> {
  for (const number of await checkpointsNaming(code)) {
    const anchor = await readAnchor(number);
    if (anchor) return anchor;
  }
  return undefined;
}
