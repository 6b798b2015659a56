import { join } from 'node:path';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { now } from '../../shared/clock.ts';
import { loadProvinceFile } from '../../shared/config/province.ts';
import { calendarGaps } from '../../shared/config/province-review.ts';
import { provinceSchedules } from '../../shared/domain/holidays.ts';
import { ENV } from '../../shared/env.ts';
import { lambdaHandler, logger } from '../../shared/observability.ts';
import { CALENDAR_YEARS } from '../../shared/persistence/calendar.ts';
import { seedCatalog } from '../../shared/persistence/catalog.ts';

/**
 * Custom resource of every deployment: the province config travels in the bundle as
 * `province.json` (the local runtime points `PROVINCE_CONFIG_FILE` at the source file).
 */
export const handler = lambdaHandler(async (event: CloudFormationCustomResourceEvent) => {
  const physicalResourceId = 'catalog';
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalResourceId };
  const file = process.env[ENV.provinceConfigFile] ?? join(import.meta.dirname, 'province.json');
  const province = loadProvinceFile(file);
  const schedules = provinceSchedules(province.calendar, CALENDAR_YEARS.from, CALENDAR_YEARS.to);
  const at = now();
  const counts = await seedCatalog({ ...province, schedules }, at);
  const announced = Object.keys(province.calendar).sort();
  logger.info('catalog seeded', { province: province.id, ...counts, announcedYears: announced });
  // As `npm run province -- check` says it: this year not announced, or next year within 60 days.
  for (const { where, message } of calendarGaps(province, at))
    logger.warn('calendar provisional', { province: province.id, where, reason: message });
  return { PhysicalResourceId: physicalResourceId, Data: counts };
});
