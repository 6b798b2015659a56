import { now } from '../../shared/clock.ts';
import { hasProcedureDatabase } from '../../shared/connectors/procedure-database.ts';
import { lambdaHandler, logger } from '../../shared/observability.ts';
import { syncCatalog } from '../../shared/services/catalog-sync.ts';

/**
 * Runs on a schedule, applying what changed; the operator's `npm run catalog -- sync` invokes it
 * with `{ apply, report: true }` to see (and apply) the changes now. A province without the
 * connector has nothing to sync.
 */
export const handler = lambdaHandler(async (event: { apply?: unknown; report?: unknown } | undefined) => {
  if (!hasProcedureDatabase()) return { skipped: 'the province has no procedure database connector' };
  const apply = event?.apply !== false;
  const report = await syncCatalog(apply, now());
  logger.info('catalog sync', { checked: report.checked, changed: report.changed.length, applied: apply });
  return event?.report === true
    ? { report }
    : { checked: report.checked, changed: report.changed.length, notListed: report.notListed.length };
});
