import { type Anchor, feedbackHistoryName, verifyHistory } from '../domain/checkpoints.ts';
import { applicationHash } from '../domain/submission.ts';
import { scanDossierCodes } from '../persistence/dossier-scan.ts';
import { getApplication, getDossier, listHistory } from '../persistence/dossiers.ts';
import { getCheckpoint } from '../storage/checkpoints.ts';
import { readAnchor } from './checkpoints.ts';

/** What a restored table holds, held to the signed checkpoints taken up to the restore time. */
export interface RestoreReport {
  restoredTo: string;
  /** The checkpoints taken up to the restore time, each with its signature checked. */
  checkpoints: number;
  /** Checkpoints whose signature does not hold: they anchor nothing. */
  forged: number[];
  dossiers: number;
  /** Dossiers whose history holds and reaches a checkpoint. */
  verified: number;
  /** Dossiers whose history holds but no checkpoint of the restore time names yet. */
  unanchored: number;
  /** Dossiers whose history does not hold, with the reason. */
  failed: { code: string; reason: string }[];
  /** Dossiers a checkpoint names that the restored table lacks: lost. */
  missing: string[];
}

/**
 * After a restore: every dossier of the table held to its own chain, its head, its application
 * and the checkpoints taken up to the restore time (later ones anchor what the restore
 * undid); and every dossier those checkpoints name looked for. The history of each dossier is
 * read as `GET /dossiers/{code}/history` reads it.
 */
export async function checkRestoredDossiers(restoredTo: Date): Promise<RestoreReport> {
  const { anchors, forged } = await checkpointsUpTo(restoredTo);
  const byCode = new Map<string, Anchor[]>();
  for (const anchor of anchors)
    for (const head of anchor.heads)
      if (!head.code.startsWith(feedbackHistoryName('')))
        byCode.set(head.code, [...(byCode.get(head.code) ?? []), anchor]);
  const codes = await scanDossierCodes();
  const report: RestoreReport = {
    restoredTo: restoredTo.toISOString(),
    checkpoints: anchors.length,
    forged,
    dossiers: codes.length,
    verified: 0,
    unanchored: 0,
    failed: [],
    missing: [...byCode.keys()].filter((code) => !codes.includes(code)).sort(),
  };
  for (const code of codes) {
    const verdict = await verdictOf(code, byCode.get(code) ?? []);
    if (!verdict.valid) report.failed.push({ code, reason: verdict.reason });
    else if (verdict.checkpoint) report.verified += 1;
    else report.unanchored += 1;
  }
  return report;
}

async function verdictOf(code: string, anchors: readonly Anchor[]) {
  const [dossier, events, application] = await Promise.all([
    getDossier(code),
    listHistory(code),
    getApplication(code),
  ]);
  if (!dossier) return { valid: false as const, length: 0, reason: 'the dossier is gone' };
  return verifyHistory(dossier, events, application ? applicationHash(application) : 'missing', anchors);
}

/** Checkpoints 1, 2, … as long as they exist and were taken by the restore time. */
async function checkpointsUpTo(restoredTo: Date): Promise<{ anchors: Anchor[]; forged: number[] }> {
  const anchors: Anchor[] = [];
  const forged: number[] = [];
  for (let number = 1; await getCheckpoint(number); number += 1) {
    const anchor = await readAnchor(number);
    if (!anchor) forged.push(number);
    else if (anchor.claims.until > restoredTo.toISOString()) break;
    else anchors.push(anchor);
  }
  return { anchors, forged };
}

/** The report as an operator reads it: one line of figures, then each problem. */
export function reportLines(report: RestoreReport): string[] {
  return [
    `restored to ${report.restoredTo}: ${report.dossiers} dossiers, ${report.verified} verified up to a checkpoint, ${report.unanchored} consistent and not yet anchored, ${report.failed.length} failed, ${report.missing.length} missing (${report.checkpoints} checkpoints read)`,
    ...report.forged.map((number) => `checkpoint ${number}: its signature does not hold`),
    ...report.failed.map(({ code, reason }) => `${code}: ${reason}`),
    ...report.missing.map((code) => `${code}: named by a checkpoint, not in the restored table`),
  ];
}
