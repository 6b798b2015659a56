import { Text } from '../../shared/api/documents.ts';
import { IndicatorsQuery, IndicatorsView } from '../../shared/api/indicators.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const getIndicators = {
  entry: 'functions/indicators/get.ts',
  description: 'The Decision 766 indicators of the province, a unit or a procedure, for a period',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/indicators',
    access: 'public',
    summary:
      'Decision 766 indicators (province, a unit with the units below it, or a procedure) for a month, quarter or year, from live counters; `format=csv` for Excel (UTF-8 with BOM)',
    tag: 'Transparency',
    request: { query: IndicatorsQuery },
    response: {
      status: 200,
      description: 'Counts and figures: JSON, or with `format=csv` a CSV file for Excel (UTF-8 with BOM)',
      body: IndicatorsView,
      alternatives: [{ contentType: 'text/csv', body: Text }],
    },
    problems: ['not-found'],
  },
  uses: { table: { read: ['indicator', 'catalog'] } },
} as const satisfies FunctionSpec;
