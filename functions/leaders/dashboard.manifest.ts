import * as z from 'zod';
import { DashboardView, Text } from '../../shared/api/documents.ts';
import { UnitParams } from '../../shared/api/dossiers.ts';
import { PERIOD } from '../../shared/domain/indicators.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const DashboardQuery = z.strictObject({
  period: z
    .string()
    .regex(PERIOD, 'must be a year (2026), a quarter (2026-Q4) or a month (2026-11)')
    .optional(),
  format: z.enum(['html', 'json']).default('html'),
  lang: z.enum(['vi', 'en']).default('vi'),
});

export const leaderDashboard = {
  entry: 'functions/leaders/dashboard.ts',
  description: "A leader's dashboard of a unit and the units below it",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/leaders/units/{unitCode}',
    access: ['leader'],
    summary:
      'Chỉ đạo, điều hành: per unit open, due soon, overdue, resolved in the period and on-time rate, per officer resolved and on time, each figure with its list; HTML in Vietnamese or English (`lang=en`), or `format=json`',
    tag: 'Leaders',
    request: { params: UnitParams, query: DashboardQuery },
    response: {
      status: 200,
      description: 'The dashboard: an HTML page, or JSON with `format=json`',
      contentType: 'text/html',
      body: Text,
      alternatives: [{ contentType: 'application/json', body: DashboardView }],
      headers: ['cache-control'],
    },
    problems: ['forbidden'],
  },
  uses: { table: { read: ['catalog', 'indicator'], indexes: ['gsi2'] } },
} as const satisfies FunctionSpec;
