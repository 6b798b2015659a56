import { IndicatorsView } from '../../shared/api/indicators.ts';
import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { indicatorsCsv, indicatorsOf } from '../../shared/services/indicator-reports.ts';
import { getIndicators as spec } from './get.manifest.ts';

export const handler = httpHandler(spec, async ({ query }) => {
  const report = await indicatorsOf(query, now());
  if (query.format === 'csv')
    return {
      raw: indicatorsCsv(report),
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="chi-so-766-${report.period}.csv"`,
      },
    };
  return { body: IndicatorsView.parse(report) };
});
