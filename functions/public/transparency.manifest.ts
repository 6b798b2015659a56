import * as z from 'zod';
import { Text } from '../../shared/api/documents.ts';
import { PERIOD } from '../../shared/domain/indicators.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const TransparencyQuery = z.strictObject({
  period: z
    .string()
    .regex(PERIOD, 'must be a year (2026), a quarter (2026-Q4) or a month (2026-11)')
    .optional(),
  lang: z.enum(['vi', 'en']).default('vi'),
});

export const transparencyPage = {
  entry: 'functions/public/transparency.ts',
  description: 'The public page of results (công khai), server-rendered',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/cong-khai',
    access: 'public',
    summary:
      'Công khai: the province’s results per unit for a period (this month by default), its Decision 766 scores in the layout of the year, the month’s dossiers resolved late with whether each had its apology letter, the ratings and the latest answers to feedback, as an HTML page in Vietnamese or English',
    tag: 'Transparency',
    request: { query: TransparencyQuery },
    response: {
      status: 200,
      description: 'The page',
      contentType: 'text/html',
      body: Text,
      headers: ['cache-control'],
    },
  },
  uses: {
    table: { read: ['catalog', 'indicator', 'late', 'feedback', 'outboundDelivery'], indexes: ['gsi1'] },
    connectors: true,
  },
} as const satisfies FunctionSpec;
