import { escapeHtml } from './html.ts';
import type { Language } from './transparency.ts';

/** What the leaders' dashboard shows: a leader's unit and the units below it, and its officers. */
export interface Dashboard {
  unit: string;
  period: string;
  at: string;
  units: {
    code: string;
    name: string;
    open: number;
    dueSoon: number;
    overdue: number;
    resolved: number;
    onTimeRate: number | undefined;
    /** The address of the list behind each figure. */
    lists: Record<'open' | 'dueSoon' | 'overdue' | 'resolved', string>;
  }[];
  officers: { officer: string; resolved: number; onTimeRate: number | undefined }[];
}

export const DASHBOARD_STYLE = `body{font-family:system-ui,sans-serif;max-width:1000px;margin:1.5em auto;padding:0 1em;color:#1a1a1a}
table{border-collapse:collapse;width:100%;margin-bottom:2em}th,td{border:1px solid #767676;padding:4px 6px;text-align:left}
td.n{text-align:right}a{color:#0b4f9c}.overdue{color:#b3261e;font-weight:600}`;

const link = (href: string, value: number | undefined, name: string, className = '') =>
  `<a href="${escapeHtml(href)}" data-figure="${name}"${className ? ` class="${className}"` : ''}>${value ?? '—'}</a>`;

const TEXT = {
  vi: {
    title: 'Chỉ đạo, điều hành',
    byUnit: 'Theo đơn vị',
    unit: 'Đơn vị',
    open: 'Đang xử lý',
    dueSoon: 'Sắp đến hạn',
    overdue: 'Quá hạn',
    resolved: 'Đã giải quyết trong kỳ',
    onTime: 'Đúng hạn (%)',
    byOfficer: 'Theo cán bộ (đã giải quyết trong kỳ)',
    officer: 'Cán bộ',
    officerResolved: 'Đã giải quyết',
    other: 'English',
  },
  en: {
    title: 'Steering and operations',
    byUnit: 'By unit',
    unit: 'Unit',
    open: 'Open',
    dueSoon: 'Due soon',
    overdue: 'Overdue',
    resolved: 'Resolved in the period',
    onTime: 'On time (%)',
    byOfficer: 'By officer (resolved in the period)',
    officer: 'Officer',
    officerResolved: 'Resolved',
    other: 'Tiếng Việt',
  },
} as const;

/** The leader's dashboard, drawn on the server, in Vietnamese or English: each figure a link to the list behind it. */
export function dashboardPage(board: Dashboard, language: Language = 'vi'): string {
  const t = TEXT[language];
  const other = language === 'vi' ? 'en' : 'vi';
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
<html lang="${language}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${t.title} — ${escapeHtml(board.unit)} — ${escapeHtml(board.period)}</title>
<style>${DASHBOARD_STYLE}</style></head>
<body><nav><a href="?period=${escapeHtml(board.period)}&amp;lang=${other}" hreflang="${other}" lang="${other}">${t.other}</a></nav>
<main><h1>${t.title} — ${escapeHtml(board.period)}</h1>
<table><caption>${t.byUnit}</caption><thead><tr><th scope="col">${t.unit}</th><th scope="col">${t.open}</th><th scope="col">${t.dueSoon}</th><th scope="col">${t.overdue}</th><th scope="col">${t.resolved}</th><th scope="col">${t.onTime}</th></tr></thead><tbody>${rows}</tbody></table>
<table><caption>${t.byOfficer}</caption><thead><tr><th scope="col">${t.officer}</th><th scope="col">${t.officerResolved}</th><th scope="col">${t.onTime}</th></tr></thead><tbody>${officers}</tbody></table>
</main></body></html>`;
}
