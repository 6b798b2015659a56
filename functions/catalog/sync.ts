import { now } from '../../shared/clock.ts';
import { hasProcedureDatabase } from '../../shared/connectors/procedure-database.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { logger } from '../../shared/observability.ts';
import { syncCatalog } from '../../shared/services/catalog-sync.ts';
import { syncCatalogNow as spec } from './sync.manifest.ts';

export const handler = httpHandler(spec, async ({ body }) => {
  if (!hasProcedureDatabase())
    throw new DomainError('not-available-yet', {
      vi: 'Tỉnh chưa cấu hình kết nối Cơ sở dữ liệu quốc gia về thủ tục hành chính.',
      en: 'The province has no connector to the National Database on Administrative Procedures.',
    });
  const report = await syncCatalog(body.apply, now());
  logger.info('catalog sync', {
    checked: report.checked,
    changed: report.changed.length,
    applied: report.applied,
  });
  return { body: report };
});
