import type { Apology, ExtensionReason } from '../domain/deadline.ts';
import type { Counts, figures, ScorePart, scores } from '../domain/indicators.ts';
import { vietnamTime } from '../domain/national-portal.ts';
import { escapeHtml } from './html.ts';

/**
 * Công khai: the province's public page of results, drawn on the server: the indicators per
 * unit with a bar chart (SVG, with its figures also as a table), the service index by part, the
 * month's dossiers resolved late by dossier code with whether each had its apology letter, the
 * ratings and the latest answers to feedback. No script, nothing loaded from anywhere, no
 * personal data (its free texts passed the scrubber before they were stored).
 */
export type Language = 'vi' | 'en';

export interface UnitRow {
  code: string;
  name: string;
  /** Its counters hold those of the units below it too. */
  rollUp?: boolean;
  counts: Counts;
  figures: ReturnType<typeof figures>;
  scores: ReturnType<typeof scores>;
}

export interface TransparencyData {
  province: string;
  period: string;
  total: UnitRow;
  units: UnitRow[];
  /** The month's dossiers resolved late, the latest first; none listed for a quarter or a year. */
  late:
    | {
        code: string;
        procedureCode: string;
        unitName: string;
        dueAt: string;
        endedAt: string;
        apologised: boolean;
        apology?: Apology;
      }[]
    | undefined;
  /** The latest published answers to feedback, as anyone may read them. */
  answers: {
    question: string;
    answer: string;
    unitName: string;
    publishedAt: string;
    likes: number;
    dislikes: number;
  }[];
  /**
   * The national portal synchronisation since the deployment (DVCQG deducts points for a
   * system's technical faults): deliveries settled and failed; none without a portal connector.
   */
  portalSync?: { delivered: number; failed: number; failedShare?: number };
}

export const PAGE_STYLE = `body{font-family:system-ui,sans-serif;max-width:960px;margin:1.5em auto;padding:0 1em;color:#1a1a1a;line-height:1.5}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}table{border-collapse:collapse;width:100%;font-size:.95em}
th,td{border:1px solid #767676;padding:4px 6px;text-align:left}td.n{text-align:right}caption{text-align:left;font-weight:600}
nav a{margin-right:1em;color:#0b4f9c}svg text{font-size:12px;fill:#1a1a1a}.bar{fill:#0b4f9c}.late{fill:#b3261e}`;

const TEXT = {
  vi: {
    title: (province: string, period: string) =>
      `Công khai kết quả giải quyết thủ tục hành chính — ${province} — ${period}`,
    other: 'English',
    summary: 'Toàn tỉnh',
    unitsHeading: 'Theo đơn vị',
    chartTitle: 'Tỷ lệ giải quyết đúng hạn theo đơn vị (%)',
    chartDesc: 'Biểu đồ cột ngang; số liệu như trong bảng dưới.',
    unit: 'Đơn vị',
    received: 'Tiếp nhận',
    online: 'Trực tuyến (%)',
    resolved: 'Đã giải quyết',
    onTime: 'Đúng hạn (%)',
    late: 'Quá hạn',
    days: 'Thời gian TB (ngày)',
    satisfaction: 'Hài lòng (%)',
    rollUp: '(tổng các đơn vị trực thuộc)',
    lateHeading: 'Hồ sơ quá hạn trong tháng',
    code: 'Mã hồ sơ',
    procedure: 'Thủ tục',
    dueAt: 'Hạn giải quyết',
    endedAt: 'Ngày giải quyết',
    letter: 'Văn bản xin lỗi',
    yes: 'Có',
    no: 'Không',
    reason: 'Lý do gia hạn',
    newDue: 'Hẹn trả mới',
    noLate: 'Không có hồ sơ quá hạn.',
    lateByMonth: (late: number) => `${late} hồ sơ quá hạn; danh sách xem theo từng tháng.`,
    latestLate: (shown: number, all: number) =>
      `${shown} hồ sơ mới nhất trong ${all} hồ sơ quá hạn của tháng.`,
    reasons: {
      workload: 'Quá tải hồ sơ',
      verification: 'Cần xác minh',
      'other-agency': 'Chờ cơ quan khác',
      'force-majeure': 'Bất khả kháng',
      other: 'Lý do khác',
    },
    ratingsHeading: 'Đánh giá của người dân',
    ratings: 'Lượt đánh giá',
    ratHaiLong: 'Rất hài lòng',
    haiLong: 'Hài lòng',
    khongHaiLong: 'Không hài lòng',
    points: 'Điểm TB (trên 18)',
    scoresHeading: 'Điểm Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)',
    group: 'Nhóm chỉ số',
    score: 'Điểm',
    of: 'Tối đa',
    total: 'Tổng điểm',
    groups: {
      transparency: 'Công khai, minh bạch',
      progress: 'Tiến độ, kết quả giải quyết',
      online: 'Dịch vụ trực tuyến',
      onlineService: 'Dịch vụ trực tuyến',
      onlinePayment: 'Thanh toán trực tuyến',
      digitisation: 'Số hóa hồ sơ',
      satisfaction: 'Mức độ hài lòng',
    },
    answersHeading: 'Trả lời phản ánh, kiến nghị',
    syncHeading: 'Đồng bộ với Cổng Dịch vụ công quốc gia',
    syncDelivered: 'Lượt đồng bộ thành công',
    syncFailed: 'Lượt đồng bộ thất bại',
    syncShare: 'Tỷ lệ thất bại',
    question: 'Phản ánh, kiến nghị',
    answer: 'Trả lời',
    published: 'Ngày công khai',
    votes: 'Đồng tình / Không đồng tình',
    noAnswers: 'Chưa có câu trả lời được công khai.',
    none: '—',
  },
  en: {
    title: (province: string, period: string) =>
      `Public results of administrative procedures — ${province} — ${period}`,
    other: 'Tiếng Việt',
    summary: 'The whole province',
    unitsHeading: 'By unit',
    chartTitle: 'Dossiers resolved on time, by unit (%)',
    chartDesc: 'Horizontal bar chart; the same figures are in the table below.',
    unit: 'Unit',
    received: 'Received',
    online: 'Online (%)',
    resolved: 'Resolved',
    onTime: 'On time (%)',
    late: 'Late',
    days: 'Average (working days)',
    satisfaction: 'Satisfaction (%)',
    rollUp: '(total of the units below)',
    lateHeading: 'Dossiers resolved late this month',
    code: 'Dossier code',
    procedure: 'Procedure',
    dueAt: 'Due',
    endedAt: 'Resolved',
    letter: 'Apology letter',
    yes: 'Yes',
    no: 'No',
    reason: 'Reason for the extension',
    newDue: 'New date',
    noLate: 'No dossier was late.',
    lateByMonth: (late: number) => `${late} dossiers late; see each month for the list.`,
    latestLate: (shown: number, all: number) => `The latest ${shown} of the month's ${all} late dossiers.`,
    reasons: {
      workload: 'Workload',
      verification: 'Verification needed',
      'other-agency': 'Waiting for another agency',
      'force-majeure': 'Force majeure',
      other: 'Other',
    },
    ratingsHeading: "Citizens' ratings",
    ratings: 'Ratings',
    ratHaiLong: 'Very satisfied',
    haiLong: 'Satisfied',
    khongHaiLong: 'Not satisfied',
    points: 'Average points (of 18)',
    scoresHeading: 'Service index scores (Decision 766/QĐ-TTg)',
    group: 'Group',
    score: 'Score',
    of: 'Out of',
    total: 'Total',
    groups: {
      transparency: 'Transparency',
      progress: 'Progress and results',
      online: 'Online service',
      onlineService: 'Online service',
      onlinePayment: 'Online payment',
      digitisation: 'Digitisation',
      satisfaction: 'Satisfaction',
    },
    answersHeading: 'Answers to feedback and petitions',
    syncHeading: 'Synchronisation with the national public service portal',
    syncDelivered: 'Synchronisations delivered',
    syncFailed: 'Synchronisations failed',
    syncShare: 'Share failed',
    question: 'Feedback',
    answer: 'Answer',
    published: 'Published',
    votes: 'Liked / disliked',
    noAnswers: 'No answer has been published yet.',
    none: '—',
  },
} as const satisfies Record<
  Language,
  { groups: Record<ScorePart, string>; reasons: Record<ExtensionReason, string> } & Record<string, unknown>
>;

const cell = (value: number | undefined, none: string) => (value === undefined ? none : String(value));
const day = (iso: string) => (iso ? vietnamTime(iso).slice(0, 10).split('-').reverse().join('/') : '');

function unitTable(rows: UnitRow[], t: (typeof TEXT)[Language], caption: string): string {
  const line = (row: UnitRow) =>
    `<tr${row.rollUp ? ` data-rollup="${escapeHtml(row.code)}"` : ''}><th scope="row">${escapeHtml(row.name)}${row.rollUp ? ` <small>${t.rollUp}</small>` : ''}</th><td class="n">${row.counts.received}</td>` +
    `<td class="n">${cell(row.figures.onlineShare, t.none)}</td><td class="n">${row.counts.resolved}</td>` +
    `<td class="n" data-on-time="${escapeHtml(row.code)}">${cell(row.figures.onTimeRate, t.none)}</td>` +
    `<td class="n" data-late-count="${escapeHtml(row.code)}">${row.counts.late}</td><td class="n">${cell(row.figures.averageHandlingDays, t.none)}</td>` +
    `<td class="n">${cell(row.figures.satisfaction, t.none)}</td></tr>`;
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr><th scope="col">${t.unit}</th><th scope="col">${t.received}</th><th scope="col">${t.online}</th><th scope="col">${t.resolved}</th><th scope="col">${t.onTime}</th><th scope="col">${t.late}</th><th scope="col">${t.days}</th><th scope="col">${t.satisfaction}</th></tr></thead><tbody>${rows.map(line).join('')}</tbody></table>`;
}

/** Horizontal bars of the on-time rate, one per unit that resolved anything. */
function chart(rows: UnitRow[], t: (typeof TEXT)[Language]): string {
  const shown = rows.filter((row) => row.figures.onTimeRate !== undefined);
  const height = 24 * shown.length + 10;
  const bars = shown
    .map((row, at) => {
      const rate = row.figures.onTimeRate!;
      const y = 5 + at * 24;
      return `<text x="0" y="${y + 14}">${escapeHtml(row.name.slice(0, 34))}</text><rect class="${rate < 100 ? 'late' : 'bar'}" x="260" y="${y}" width="${(rate / 100) * 400}" height="18"></rect><text x="${266 + (rate / 100) * 400}" y="${y + 14}">${rate}%</text>`;
    })
    .join('');
  return `<svg role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 720 ${height}" width="100%"><title id="chart-title">${t.chartTitle}</title><desc id="chart-desc">${t.chartDesc}</desc>${bars}</svg>`;
}

/** The month's dossiers resolved late: as many as the late column counts, each with or without its letter. */
function lateList(data: TransparencyData, t: (typeof TEXT)[Language]): string {
  const all = data.total.counts.late;
  if (all === 0) return `<p>${t.noLate}</p>`;
  if (!data.late) return `<p>${t.lateByMonth(all)}</p>`;
  const reason = (apology: Apology | undefined) =>
    apology
      ? escapeHtml(
          `${t.reasons[apology.category] ?? t.reasons.other}${apology.publicReason ? `: ${apology.publicReason}` : ''}`,
        )
      : '';
  const rows = data.late
    .map(
      (late) =>
        `<tr data-late="${escapeHtml(late.code)}" data-apologised="${late.apologised ? 'yes' : 'no'}"><td>${escapeHtml(late.code)}</td><td>${escapeHtml(late.procedureCode)}</td><td>${escapeHtml(late.unitName)}</td><td>${day(late.dueAt)}</td><td>${day(late.endedAt)}</td><td>${late.apologised ? t.yes : t.no}</td><td>${reason(late.apology)}</td><td>${late.apology ? day(late.apology.newDueAt) : ''}</td></tr>`,
    )
    .join('');
  const more = all > data.late.length ? `<p>${t.latestLate(data.late.length, all)}</p>` : '';
  return `${more}<table><thead><tr><th scope="col">${t.code}</th><th scope="col">${t.procedure}</th><th scope="col">${t.unit}</th><th scope="col">${t.dueAt}</th><th scope="col">${t.endedAt}</th><th scope="col">${t.letter}</th><th scope="col">${t.reason}</th><th scope="col">${t.newDue}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function portalSync(data: TransparencyData, t: (typeof TEXT)[Language]): string {
  const sync = data.portalSync;
  if (!sync) return '';
  const share = sync.failedShare === undefined ? t.none : `${(sync.failedShare * 100).toFixed(2)}%`;
  return `
<h2>${t.syncHeading}</h2><table><thead><tr><th scope="col">${t.syncDelivered}</th><th scope="col">${t.syncFailed}</th><th scope="col">${t.syncShare}</th></tr></thead><tbody><tr><td class="n">${sync.delivered}</td><td class="n">${sync.failed}</td><td class="n" data-sync-failed>${share}</td></tr></tbody></table>`;
}

function ratings(total: UnitRow, t: (typeof TEXT)[Language]): string {
  const c = total.counts;
  return `<table><thead><tr><th scope="col">${t.ratings}</th><th scope="col">${t.ratHaiLong}</th><th scope="col">${t.haiLong}</th><th scope="col">${t.khongHaiLong}</th><th scope="col">${t.points}</th></tr></thead><tbody><tr><td class="n" data-ratings>${c.ratings}</td><td class="n">${c.ratHaiLong}</td><td class="n">${c.haiLong}</td><td class="n">${c.khongHaiLong}</td><td class="n">${cell(total.figures.averageRatingPoints, t.none)}</td></tr></tbody></table>`;
}

function scoreTable(total: UnitRow, t: (typeof TEXT)[Language]): string {
  const { groups, total: sum, outOf } = total.scores;
  const rows = (Object.entries(groups) as [ScorePart, { points: number; score?: number }][])
    .map(
      ([part, { points, score }]) =>
        `<tr><th scope="row">${t.groups[part]}</th><td class="n" data-score="${part}">${cell(score, t.none)}</td><td class="n">${points}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th scope="col">${t.group}</th><th scope="col">${t.score}</th><th scope="col">${t.of}</th></tr></thead><tbody>${rows}<tr><th scope="row">${t.total}</th><td class="n" data-score="total">${cell(sum, t.none)}</td><td class="n">${outOf}</td></tr></tbody></table>`;
}

function answers(data: TransparencyData, t: (typeof TEXT)[Language]): string {
  if (data.answers.length === 0) return `<p>${t.noAnswers}</p>`;
  const rows = data.answers
    .map(
      (one) =>
        `<tr><td>${escapeHtml(one.question)}</td><td>${escapeHtml(one.answer)}</td><td>${escapeHtml(one.unitName)}</td><td>${day(one.publishedAt)}</td><td class="n">${one.likes} / ${one.dislikes}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th scope="col">${t.question}</th><th scope="col">${t.answer}</th><th scope="col">${t.unit}</th><th scope="col">${t.published}</th><th scope="col">${t.votes}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function transparencyPage(data: TransparencyData, language: Language): string {
  const t = TEXT[language];
  const title = t.title(data.province, data.period);
  const other = language === 'vi' ? 'en' : 'vi';
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,"><title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style></head>
<body><nav><a href="?period=${escapeHtml(data.period)}&amp;lang=${other}" hreflang="${other}" lang="${other}">${t.other}</a></nav>
<main><h1>${escapeHtml(title)}</h1>
<h2>${t.summary}</h2>${unitTable([data.total], t, data.province)}
<h2>${t.scoresHeading}</h2>${scoreTable(data.total, t)}
<h2>${t.unitsHeading}</h2>${chart(data.units, t)}${unitTable(data.units, t, t.unitsHeading)}
<h2>${t.lateHeading}</h2>${lateList(data, t)}
<h2>${t.ratingsHeading}</h2>${ratings(data.total, t)}
<h2>${t.answersHeading}</h2>${answers(data, t)}${portalSync(data, t)}
</main></body></html>`;
}
