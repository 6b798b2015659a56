import { queryAll, tableName } from './client.ts';
import { INDEX_PARTITIONS } from './keys.ts';

/**
 * The due-date index (the sparse gsi3): one partition a Vietnamese date, holding the open
 * dossiers whose first deadline falls on it (`<due>#<code>`, or `<step due>#<code>#<dossier
 * due>` for a transferred step) and the open feedback whose unit is held to a deadline on it
 * (`FB#<due>#<answer|publish>#<id>`). The overdue sweep reads a date with one query.
 */
export const FEEDBACK_DUE = 'FB#';

export interface DueEntry {
  code: string;
  /** The dossier's due date (absent only for a step of a dossier that has none). */
  dueAt?: string;
  /** The deadline of the step a receiving unit is working on. */
  stepDueAt?: string;
}

export interface FeedbackDue {
  id: string;
  kind: 'answer' | 'publish';
  dueAt: string;
}

/** What falls due on a Vietnamese date: dossiers and feedback. */
export async function dueOn(day: string): Promise<{ dossiers: DueEntry[]; feedback: FeedbackDue[] }> {
  const items = await queryAll({
    TableName: tableName(),
    IndexName: 'gsi3',
    KeyConditionExpression: 'gsi3pk = :day',
    ExpressionAttributeValues: { ':day': `${INDEX_PARTITIONS.gsi3.due}${day}` },
  });
  const dossiers: DueEntry[] = [];
  const feedback: FeedbackDue[] = [];
  for (const item of items) {
    const key = String(item.gsi3sk);
    if (key.startsWith(FEEDBACK_DUE)) {
      const [dueAt = '', kind, id = ''] = key.slice(FEEDBACK_DUE.length).split('#');
      feedback.push({ id, kind: kind as FeedbackDue['kind'], dueAt });
      continue;
    }
    const [first = '', code = '', dossierDue] = key.split('#');
    if (dossierDue === undefined) dossiers.push({ code, dueAt: first });
    else dossiers.push({ code, stepDueAt: first, ...(dossierDue ? { dueAt: dossierDue } : {}) });
  }
  return { dossiers, feedback };
}
