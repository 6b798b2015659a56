import type { Dashboard } from '../services/leadership.ts';
import { escapeHtml } from './html.ts';

export const DASHBOARD_STYLE = `body{font-family:system-ui,sans-serif;max-width:1000px;margin:1.5em auto;padding:0 1em;color:#1a1a1a}
table{border-collapse:collapse;width:100%;margin-bottom:2em}th,td{border:1px solid #767676;padding:4px 6px;text-align:left}
td.n{text-align:right}a{color:#0b4f9c}.overdue{color:#b3261e;font-weight:600}`;

const link = (href: string, value: number | undefined, name: string, className = '') =>
  `<a href="${escapeHtml(href)}" data-figure="${name}"${className ? ` class="${className}"` : ''}>${value ?? '—'}</a>`;

/** The leader's dashboard, drawn on the server: each figure a link to the list behind it. */
export function dashboardPage(board: Dashboard): string {
  const rows = board.units
    .map(
      (unit) =>
        `<tr data-unit="${escapeHtml(unit.code)}"><th scope="row">${escapeHtml(unit.name)}</th>` +
        `<td class="n">${link(unit.lists.open, unit.open, 'open')}</td>` +
        `<td class="n">${link(unit.lists.dueSoon, unit.dueSoon, 'dueSoon')}</td>` +
        `<td class="n">${link(unit.lists.overdue, unit.overdue, 'overdue', unit.overdue ? 'overdue' : '')}</td>` +
        `<td class="n">${link(unit.lists.resolved, unit.resolved, 'resolved')}</td>` +
        `<td class="n">${unit.onTimeRate ?? '—'}</td></tr>`,
    )
    .join('');
  const officers = board.officers
    .map(
      (officer) =>
        `<tr><th scope="row">${escapeHtml(officer.officer)}</th><td class="n">${officer.resolved}</td><td class="n">${officer.onTimeRate ?? '—'}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Chỉ đạo, điều hành — ${escapeHtml(board.unit)} — ${escapeHtml(board.period)}</title>
<style>${DASHBOARD_STYLE}</style></head>
<body><main><h1>Chỉ đạo, điều hành — ${escapeHtml(board.period)}</h1>
<table><caption>Theo đơn vị</caption><thead><tr><th scope="col">Đơn vị</th><th scope="col">Đang xử lý</th><th scope="col">Sắp đến hạn</th><th scope="col">Quá hạn</th><th scope="col">Đã giải quyết trong kỳ</th><th scope="col">Đúng hạn (%)</th></tr></thead><tbody>${rows}</tbody></table>
<table><caption>Theo cán bộ (đã giải quyết trong kỳ)</caption><thead><tr><th scope="col">Cán bộ</th><th scope="col">Đã giải quyết</th><th scope="col">Đúng hạn (%)</th></tr></thead><tbody>${officers}</tbody></table>
</main></body></html>`;
}
