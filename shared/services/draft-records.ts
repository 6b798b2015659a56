import { type Draft, isKept, noDraft } from '../domain/drafts.ts';
import { deleteDraft, getDraft, listDrafts } from '../persistence/drafts.ts';

/** A citizen's drafts as records, listed and discarded without opening them (drafts.ts seals and opens). */

/** The drafts still kept, newest first, without their fields. */
export async function draftsOf(sub: string, now: Date): Promise<Omit<Draft, 'formData'>[]> {
  return (await listDrafts(sub))
    .filter((draft) => isKept(draft, now))
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

/**
 * Discards a draft; one that is gone already (expired, though the time to live has not removed
 * it yet, or discarded meanwhile) is refused as not found, and nothing is changed.
 */
export async function discardDraft(sub: string, procedureCode: string, now: Date): Promise<void> {
  const record = await getDraft(sub, procedureCode);
  if (!(record && isKept(record, now))) throw noDraft(procedureCode);
  if (!(await deleteDraft(sub, procedureCode))) throw noDraft(procedureCode);
}
