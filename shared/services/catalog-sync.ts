import { nationalProcedure } from '../connectors/procedure-database.ts';
import { type FieldChange, fromNational, procedureChanges } from '../domain/catalog-sync.ts';
import { DomainError } from '../domain/errors.ts';
import { listProcedures, type ProcedureRecord, saveProcedure } from '../persistence/catalog.ts';

/**
 * The catalogue brought to the National Database on Administrative Procedures: each procedure
 * of the province read there, what the national record changes of it shown field by field
 * (name, legal time, fees, components, level), and, when asked to apply, saved as a new
 * version, so that the dossiers open under the old one keep it. The province's own choices
 * (units, routing, forms, step allowances) stay. A procedure the database does not list, or
 * one edited meanwhile, is reported and left as it is.
 */
export interface SyncReport {
  checked: number;
  changed: { code: string; name: string; fromVersion: number; toVersion?: number; changes: FieldChange[] }[];
  notListed: string[];
  /** Changed by someone else while the sync ran: not overwritten, for the next run. */
  skipped: string[];
  applied: boolean;
}

/** Who the history of a procedure names for a sync. */
export const SYNC_ACTOR = 'sync:csdl-tthc';

export async function syncCatalog(apply: boolean, now: Date): Promise<SyncReport> {
  const report: SyncReport = { checked: 0, changed: [], notListed: [], skipped: [], applied: apply };
  for await (const procedure of everyProcedure()) {
    report.checked += 1;
    const national = await nationalProcedure(procedure.code);
    if (!national) {
      report.notListed.push(procedure.code);
      continue;
    }
    const { version, origin: _origin, updatedAt: _at, updatedBy: _by, ...current } = procedure;
    const next = fromNational(current, national);
    const changes = procedureChanges(current, next);
    if (changes.length === 0) continue;
    const entry = { code: procedure.code, name: next.name, fromVersion: version, changes };
    if (!apply) {
      report.changed.push(entry);
      continue;
    }
    try {
      const saved = await saveProcedure(next, SYNC_ACTOR, now, version, 'national');
      report.changed.push({ ...entry, toVersion: saved.version });
    } catch (error) {
      if (!(error instanceof DomainError && error.kind === 'stale-version')) throw error;
      report.skipped.push(procedure.code);
    }
  }
  return report;
}

async function* everyProcedure(): AsyncGenerator<ProcedureRecord> {
  let cursor: string | undefined;
  do {
    const page = await listProcedures({}, 100, cursor);
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}
