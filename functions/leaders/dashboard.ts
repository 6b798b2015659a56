import { now } from '../../shared/clock.ts';
import { DASHBOARD_STYLE, dashboardPage } from '../../shared/documents/dashboard.ts';
import { htmlHeaders } from '../../shared/documents/html.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { leaderDashboard } from '../../shared/services/leadership.ts';
import { leaderDashboard as spec } from './dashboard.manifest.ts';

const HEADERS = { ...htmlHeaders(DASHBOARD_STYLE), 'cache-control': 'no-store' };

export const handler = httpHandler(spec, async ({ params, query, principal }) => {
  const board = await leaderDashboard(params.unitCode, query.period, principal, now());
  return query.format === 'json'
    ? { body: board, headers: { 'cache-control': 'no-store' } }
    : { raw: dashboardPage(board, query.lang), headers: HEADERS };
});
