import { type HistoryVerdict, verifyHistory } from '../domain/checkpoints.ts';
import { applicationHash } from '../domain/submission.ts';
import type { Principal } from '../http/principal.ts';
import { getApplication, listHistory } from '../persistence/dossiers.ts';
import { anchorsOf } from './checkpoints.ts';
import { readDossier, recordRead } from './dossiers.ts';

/**
 * The history with its verification: its chain, the dossier's head, the application as
 * submitted, and every checkpoint that names the dossier (verified up to checkpoint N).
 */
export async function historyOf(code: string, principal: Principal) {
  const dossier = await readDossier(code, principal);
  const [events, application, anchors] = await Promise.all([
    listHistory(code),
    getApplication(code),
    anchorsOf(code),
  ]);
  const hash = application ? applicationHash(application) : 'missing';
  const verdict = verifyHistory(dossier, events, hash, anchors);
  await recordRead(dossier, principal, 'history');
  return { events, verification: { ...verdict, statement: statementOf(verdict) } };
}

function statementOf(verdict: HistoryVerdict): string {
  if (!verdict.valid) return `not verified: ${verdict.reason}`;
  if (!verdict.checkpoint) return `consistent; not yet anchored by a checkpoint (${verdict.length} events)`;
  const { number, count } = verdict.checkpoint;
  const later = verdict.length - count;
  return `verified up to checkpoint ${number} (events 1–${count}${later ? `; ${later} later, not yet anchored` : ''})`;
}
