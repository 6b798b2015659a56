import { notFound } from '../domain/errors.ts';
import { type Counter, figures, type ScorePart, scores, weightsFor } from '../domain/indicators.ts';
import { getUnits, recentProcedure } from '../persistence/catalog.ts';
import { getCounts } from '../persistence/indicators.ts';
import { scoringYears } from '../persistence/scoring.ts';

/** The indicators of a scope and period, from its counters alone. */
export async function indicatorsOf(query: { unit?: string; procedure?: string; period: string }, now: Date) {
  const scope = query.unit ? `UNIT#${query.unit}` : query.procedure ? `PROC#${query.procedure}` : 'PROVINCE';
  if (query.unit && !(await getUnits([query.unit])).has(query.unit))
    throw notFound({ vi: `Không có đơn vị ${query.unit}.`, en: `No unit ${query.unit}.` });
  if (query.procedure && !(await recentProcedure(query.procedure, now)))
    throw notFound({ vi: `Không có thủ tục ${query.procedure}.`, en: `No procedure ${query.procedure}.` });
  const counts = await getCounts(scope, query.period);
  return {
    scope: query.unit ? `unit:${query.unit}` : query.procedure ? `procedure:${query.procedure}` : 'province',
    period: query.period,
    counts,
    figures: figures(counts),
    scores: scores(counts, weightsFor(await scoringYears(), query.period)),
  };
}

const COUNTER_NAMES: Record<Counter, string> = {
  received: 'Hồ sơ tiếp nhận',
  online: 'Hồ sơ nộp trực tuyến',
  digitised: 'Hồ sơ được số hóa',
  resolved: 'Hồ sơ đã giải quyết',
  onTime: 'Giải quyết đúng hạn',
  late: 'Giải quyết quá hạn',
  handlingDays: 'Tổng số ngày làm việc giải quyết',
  extended: 'Lần gia hạn (văn bản xin lỗi)',
  lateApologised: 'Hồ sơ quá hạn có văn bản xin lỗi',
  supplementRequested: 'Lần yêu cầu bổ sung',
  withdrawn: 'Hồ sơ xin rút',
  refused: 'Hồ sơ không được tiếp nhận',
  electronicResults: 'Kết quả điện tử',
  feesRequested: 'Yêu cầu nộp phí, lệ phí',
  paidOnline: 'Thanh toán trực tuyến',
  ratings: 'Lượt đánh giá',
  ratingPoints: 'Tổng điểm đánh giá',
  khongHaiLong: 'Không hài lòng',
  haiLong: 'Hài lòng',
  ratHaiLong: 'Rất hài lòng',
  feedbackReceived: 'Phản ánh, kiến nghị tiếp nhận',
  feedbackAnswered: 'Phản ánh, kiến nghị đã trả lời',
  feedbackOnTime: 'Trả lời phản ánh, kiến nghị đúng hạn',
  feedbackPublished: 'Câu trả lời đã công khai',
  feedbackPublishedOnTime: 'Công khai câu trả lời đúng hạn',
  complaints: 'Phản ánh về hồ sơ',
  unhappy: 'Hồ sơ không hài lòng hoặc bị phản ánh',
};

const FIGURE_NAMES: Record<keyof ReturnType<typeof figures>, string> = {
  onlineShare: 'Tỷ lệ hồ sơ trực tuyến (%)',
  onTimeRate: 'Tỷ lệ giải quyết đúng hạn (%)',
  averageHandlingDays: 'Thời gian giải quyết trung bình (ngày làm việc)',
  digitisedShare: 'Tỷ lệ hồ sơ được số hóa (%)',
  electronicResultShare: 'Tỷ lệ kết quả điện tử (%)',
  onlinePaymentShare: 'Tỷ lệ thanh toán trực tuyến (%)',
  averageRatingPoints: 'Điểm đánh giá trung bình (trên 18)',
  feedbackOnTimeRate: 'Tỷ lệ trả lời phản ánh, kiến nghị đúng hạn (%)',
  satisfaction: 'Mức độ hài lòng (%)',
};

const PART_NAMES: Record<ScorePart, string> = {
  transparency: 'Công khai, minh bạch',
  progress: 'Tiến độ, kết quả giải quyết',
  online: 'Cung cấp dịch vụ trực tuyến',
  onlineService: 'Cung cấp dịch vụ trực tuyến',
  onlinePayment: 'Thanh toán trực tuyến',
  digitisation: 'Số hóa hồ sơ',
  satisfaction: 'Mức độ hài lòng',
};

const cell = (value: string | number) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The same as CSV that opens in Excel with its Vietnamese intact: UTF-8 with a byte order mark. */
export function indicatorsCsv(report: Awaited<ReturnType<typeof indicatorsOf>>): string {
  const rows: (string | number)[][] = [
    ['Chỉ tiêu', 'Giá trị'],
    ['Phạm vi', report.scope],
    ['Kỳ', report.period],
    ...(Object.entries(report.counts) as [Counter, number][]).map(([name, value]) => [
      COUNTER_NAMES[name],
      value,
    ]),
    ...Object.entries(report.figures).map(([name, value]) => [
      FIGURE_NAMES[name as keyof typeof FIGURE_NAMES],
      value ?? '',
    ]),
    ...(Object.entries(report.scores.groups) as [ScorePart, { points: number; score?: number }][]).map(
      ([part, { points, score }]) => [`Điểm ${PART_NAMES[part]} (trên ${points})`, score ?? ''],
    ),
    [`Tổng điểm (trên ${report.scores.outOf})`, report.scores.total ?? ''],
  ];
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
