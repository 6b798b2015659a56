import { describe, expect, it } from 'vitest';
import {
  type TransparencyData,
  transparencyPage,
  type UnitRow,
} from '../../shared/documents/transparency.ts';
import type { Apology } from '../../shared/domain/deadline.ts';
import { type Counts, figures, SIX_PARTS, scores, zeroCounts } from '../../shared/domain/indicators.ts';

/** A row of the page as the public function makes it: counters, and what is worked out from them. */
const row = (code: string, name: string, some: Partial<Counts>, rollUp = false): UnitRow => {
  const counts = { ...zeroCounts(), ...some };
  return {
    code,
    name,
    ...(rollUp ? { rollUp } : {}),
    counts,
    figures: figures(counts),
    scores: scores(counts, SIX_PARTS),
  };
};

const apology = (more: Partial<Apology> = {}): Apology => ({
  at: '2026-11-19T03:00:00.000Z',
  category: 'workload',
  publicReason: 'nhiều hồ sơ cùng lúc',
  newDueAt: '2026-11-25T10:00:00.000Z',
  ...more,
});

const lateDossier = (code: string, more: Partial<NonNullable<TransparencyData['late']>[number]> = {}) => ({
  code,
  procedureCode: '1.004873',
  unitName: 'Sở Tư pháp',
  // 17:30 UTC on the 20th is 00:30 on the 21st in Vietnam.
  dueAt: '2026-11-20T17:30:00.000Z',
  endedAt: '2026-11-24T03:00:00.000Z',
  apologised: false,
  ...more,
});

/** November in Đồng Nai: three units, one resolving all on time, one half late, one resolving nothing. */
const month = (more: Partial<TransparencyData> = {}): TransparencyData => ({
  province: 'Đồng Nai',
  period: '2026-11',
  total: row(
    'province',
    'Đồng Nai',
    {
      received: 10,
      online: 5,
      resolved: 4,
      onTime: 3,
      late: 1,
      handlingDays: 10,
      ratings: 2,
      ratingPoints: 30,
      haiLong: 1,
      ratHaiLong: 1,
    },
    true,
  ),
  units: [
    row('u1', 'Phường Biên Hòa', { received: 4, resolved: 2, onTime: 2 }),
    row('u2', 'Sở Tư pháp', { received: 4, resolved: 2, onTime: 1, late: 1 }),
    row('u3', 'Xã Phước Tân', { received: 2 }),
  ],
  late: [lateDossier('D-1', { apologised: true, apology: apology() })],
  answers: [],
  ...more,
});

const between = (page: string, from: string, to: string) => {
  const start = page.indexOf(from);
  expect(start, from).toBeGreaterThanOrEqual(0);
  return page.slice(start, page.indexOf(to, start + from.length));
};

describe('the public page (công khai): its frame and languages', () => {
  it('is titled with the province and the period, in Vietnamese by its language, linking to English for the same period', () => {
    const page = transparencyPage(month(), 'vi');
    expect(page.startsWith('<!doctype html>\n<html lang="vi">')).toBe(true);
    expect(page).toContain(
      '<title>Công khai kết quả giải quyết thủ tục hành chính — Đồng Nai — 2026-11</title>',
    );
    expect(page).toContain('<h1>Công khai kết quả giải quyết thủ tục hành chính — Đồng Nai — 2026-11</h1>');
    expect(page).toContain(
      '<nav><a href="?period=2026-11&amp;lang=en" hreflang="en" lang="en">English</a></nav>',
    );
    expect(page.endsWith('</main></body></html>')).toBe(true);
  });

  it('in English says the same in English and links back to Vietnamese', () => {
    const page = transparencyPage(month(), 'en');
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<title>Public results of administrative procedures — Đồng Nai — 2026-11</title>');
    expect(page).toContain(
      '<nav><a href="?period=2026-11&amp;lang=vi" hreflang="vi" lang="vi">Tiếng Việt</a></nav>',
    );
    expect(page).toContain('<h2>The whole province</h2>');
    expect(page).toContain('<th scope="col">On time (%)</th>');
    expect(page).toContain('<td>Workload: nhiều hồ sơ cùng lúc</td>');
  });

  it('loads nothing and runs nothing: no script, no outside address, its only style inline', () => {
    const page = transparencyPage(month(), 'vi');
    expect(page).not.toMatch(/<script|src=|https?:/i);
    expect(page.match(/<style>/g)).toHaveLength(1);
  });
});

describe('the public page: the units’ figures', () => {
  it('shows the province’s totals first, marked as the sum of the units below it, each figure in its column', () => {
    const page = transparencyPage(month(), 'vi');
    expect(between(page, '<h2>Toàn tỉnh</h2>', '</table>')).toBe(
      '<h2>Toàn tỉnh</h2><table><caption>Đồng Nai</caption><thead><tr><th scope="col">Đơn vị</th><th scope="col">Tiếp nhận</th><th scope="col">Trực tuyến (%)</th><th scope="col">Đã giải quyết</th><th scope="col">Đúng hạn (%)</th><th scope="col">Quá hạn</th><th scope="col">Thời gian TB (ngày)</th><th scope="col">Hài lòng (%)</th></tr></thead><tbody>' +
        '<tr data-rollup="province"><th scope="row">Đồng Nai <small>(tổng các đơn vị trực thuộc)</small></th><td class="n">10</td><td class="n">50</td><td class="n">4</td><td class="n" data-on-time="province">75</td><td class="n" data-late-count="province">1</td><td class="n">2.5</td><td class="n">75</td></tr></tbody>',
    );
  });

  it('lists each unit in a row of its own, not marked as a sum, with — for what it had nothing to measure', () => {
    const units = between(transparencyPage(month(), 'vi'), '<caption>Theo đơn vị</caption>', '</table>');
    expect(units).toContain(
      '</thead><tbody><tr><th scope="row">Phường Biên Hòa</th><td class="n">4</td><td class="n">0</td><td class="n">2</td><td class="n" data-on-time="u1">100</td><td class="n" data-late-count="u1">0</td><td class="n">0</td><td class="n">100</td></tr><tr><th scope="row">Sở Tư pháp</th>',
    );
    expect(units).toContain(
      '<tr><th scope="row">Xã Phước Tân</th><td class="n">2</td><td class="n">0</td><td class="n">0</td><td class="n" data-on-time="u3">—</td><td class="n" data-late-count="u3">0</td><td class="n">—</td><td class="n">—</td></tr></tbody>',
    );
    expect(units).not.toContain('data-rollup');
    expect(units).not.toContain('<small>');
  });

  it('a unit named to look like a figure cannot add or move one: each unit’s figures stay in its own cells', () => {
    const forger = `"><td class="n" data-on-time="province">100</td><td data-late-count="province">0`;
    const data = month({ units: [row('u9', forger, { received: 1, resolved: 1, late: 1 })] });
    const page = transparencyPage(data, 'vi');
    expect(page.match(/data-on-time="province"/g)).toHaveLength(1);
    expect(page.match(/data-late-count="province"/g)).toHaveLength(1);
    expect(page).toContain('<td class="n" data-on-time="province">75</td>');
    expect(page).toContain('<td class="n" data-late-count="province">1</td>');
    expect(page).toContain('<td class="n" data-on-time="u9">0</td>');
  });
});

describe('the public page: the chart of on-time rates', () => {
  it('draws one bar per unit that resolved anything, its length the rate of 400, red below 100%, its figure beside it', () => {
    const page = transparencyPage(month(), 'vi');
    expect(between(page, '<svg', '</svg>')).toBe(
      '<svg role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 720 58" width="100%"><title id="chart-title">Tỷ lệ giải quyết đúng hạn theo đơn vị (%)</title><desc id="chart-desc">Biểu đồ cột ngang; số liệu như trong bảng dưới.</desc>' +
        '<text x="0" y="19">Phường Biên Hòa</text><rect class="bar" x="260" y="5" width="400" height="18"></rect><text x="666" y="19">100%</text>' +
        '<text x="0" y="43">Sở Tư pháp</text><rect class="late" x="260" y="29" width="200" height="18"></rect><text x="466" y="43">50%</text>',
    );
    expect(page).not.toContain('>Xã Phước Tân</text>');
  });

  it('is as tall as its bars, and empty when no unit resolved anything', () => {
    const three = month({
      units: [1, 2, 3].map((at) => row(`u${at}`, `Đơn vị ${at}`, { resolved: 4, onTime: at })),
    });
    expect(transparencyPage(three, 'vi')).toContain('viewBox="0 0 720 82"');
    expect(transparencyPage(three, 'vi')).toContain('<text x="0" y="67">Đơn vị 3</text>');
    expect(transparencyPage(three, 'vi')).toContain(
      '<rect class="late" x="260" y="53" width="300" height="18">',
    );
    const none = transparencyPage(month({ units: [row('u3', 'Xã Phước Tân', { received: 2 })] }), 'vi');
    expect(none).toContain('viewBox="0 0 720 10"');
    expect(none).not.toContain('<rect');
  });

  it('writes a long name cut to 34 characters beside its bar, and whole in the table', () => {
    const name = 'Ủy ban nhân dân phường Biên Hòa, thành phố Đồng Nai';
    const page = transparencyPage(month({ units: [row('u1', name, { resolved: 1, onTime: 1 })] }), 'vi');
    expect(page).toContain(`<text x="0" y="19">${name.slice(0, 34)}</text>`);
    expect(page).toContain(`<th scope="row">${name}</th>`);
  });
});

describe('the public page: the month’s late dossiers', () => {
  it('lists each late dossier by code with its dates as days in Vietnam, and whether it had its letter, why and until when', () => {
    const page = transparencyPage(
      month({
        total: row('province', 'Đồng Nai', { resolved: 2, late: 2 }),
        late: [
          lateDossier('D-1', { apologised: true, apology: apology() }),
          lateDossier('D-2', { procedureCode: '2.000001', unitName: 'Phường Biên Hòa' }),
        ],
      }),
      'vi',
    );
    expect(between(page, '<h2>Hồ sơ quá hạn trong tháng</h2>', '<h2>')).toBe(
      '<h2>Hồ sơ quá hạn trong tháng</h2><table><thead><tr><th scope="col">Mã hồ sơ</th><th scope="col">Thủ tục</th><th scope="col">Đơn vị</th><th scope="col">Hạn giải quyết</th><th scope="col">Ngày giải quyết</th><th scope="col">Văn bản xin lỗi</th><th scope="col">Lý do gia hạn</th><th scope="col">Hẹn trả mới</th></tr></thead><tbody>' +
        '<tr data-late="D-1" data-apologised="yes"><td>D-1</td><td>1.004873</td><td>Sở Tư pháp</td><td>21/11/2026</td><td>24/11/2026</td><td>Có</td><td>Quá tải hồ sơ: nhiều hồ sơ cùng lúc</td><td>25/11/2026</td></tr>' +
        '<tr data-late="D-2" data-apologised="no"><td>D-2</td><td>2.000001</td><td>Phường Biên Hòa</td><td>21/11/2026</td><td>24/11/2026</td><td>Không</td><td></td><td></td></tr></tbody></table>\n',
    );
  });

  it('gives a letter without words its category alone, and one of a category it does not know as another reason', () => {
    const page = (letter: Apology) =>
      transparencyPage(month({ late: [lateDossier('D-1', { apologised: true, apology: letter })] }), 'vi');
    expect(page(apology({ category: 'verification', publicReason: '' }))).toContain('<td>Cần xác minh</td>');
    expect(page(apology({ category: 'retired' as Apology['category'], publicReason: 'x' }))).toContain(
      '<td>Lý do khác: x</td>',
    );
  });

  it('leaves a date it does not have blank', () => {
    const page = transparencyPage(month({ late: [lateDossier('D-1', { endedAt: '' })] }), 'vi');
    expect(page).toContain('<td>21/11/2026</td><td></td><td>Không</td>');
  });

  it('says so when nothing was late, whatever list it was given', () => {
    const calm = month({ total: row('province', 'Đồng Nai', { resolved: 3, onTime: 3 }), late: [] });
    expect(between(transparencyPage(calm, 'vi'), '<h2>Hồ sơ quá hạn', '<h2>')).toBe(
      '<h2>Hồ sơ quá hạn trong tháng</h2><p>Không có hồ sơ quá hạn.</p>\n',
    );
    expect(transparencyPage({ ...calm, late: undefined }, 'en')).toContain('<p>No dossier was late.</p>');
  });

  it('for a quarter or a year counts the late dossiers and sends to the months for the list', () => {
    const quarter = month({ period: '2026-Q4', late: undefined });
    expect(between(transparencyPage(quarter, 'vi'), '<h2>Hồ sơ quá hạn', '<h2>')).toBe(
      '<h2>Hồ sơ quá hạn trong tháng</h2><p>1 hồ sơ quá hạn; danh sách xem theo từng tháng.</p>\n',
    );
    expect(transparencyPage(quarter, 'en')).toContain('<p>1 dossiers late; see each month for the list.</p>');
    expect(transparencyPage(quarter, 'vi')).not.toContain('data-late=');
  });

  it('says how many of the month’s late dossiers it shows when it shows fewer than the count, and nothing when it shows all', () => {
    const many = month({ total: row('province', 'Đồng Nai', { resolved: 9, late: 9 }) });
    expect(transparencyPage(many, 'vi')).toContain(
      '<h2>Hồ sơ quá hạn trong tháng</h2><p>1 hồ sơ mới nhất trong 9 hồ sơ quá hạn của tháng.</p><table>',
    );
    expect(transparencyPage(many, 'en')).toContain("<p>The latest 1 of the month's 9 late dossiers.</p>");
    expect(transparencyPage(month(), 'vi')).toContain('<h2>Hồ sơ quá hạn trong tháng</h2><table>');
  });
});

describe('the public page: ratings, the service index and answers to feedback', () => {
  it('shows the province’s ratings by verdict and the average points', () => {
    const page = transparencyPage(month(), 'vi');
    expect(between(page, '<h2>Đánh giá của người dân</h2>', '</table>')).toBe(
      '<h2>Đánh giá của người dân</h2><table><thead><tr><th scope="col">Lượt đánh giá</th><th scope="col">Rất hài lòng</th><th scope="col">Hài lòng</th><th scope="col">Không hài lòng</th><th scope="col">Điểm TB (trên 18)</th></tr></thead><tbody><tr><td class="n" data-ratings>2</td><td class="n">1</td><td class="n">1</td><td class="n">0</td><td class="n">15</td></tr></tbody>',
    );
  });

  it('scores each part of the index out of its points, — for a part with nothing to measure, and the total out of the parts scored', () => {
    const page = transparencyPage(month(), 'vi');
    const table = between(page, '<h2>Điểm Bộ chỉ số', '</table>');
    expect(table).toContain(
      '<tr><th scope="row">Tiến độ, kết quả giải quyết</th><td class="n" data-score="progress">15</td><td class="n">20</td></tr>',
    );
    expect(table).toContain(
      '<tr><th scope="row">Thanh toán trực tuyến</th><td class="n" data-score="onlinePayment">—</td><td class="n">10</td></tr>',
    );
    expect(table).toContain(
      '<tr><th scope="row">Tổng điểm</th><td class="n" data-score="total">42</td><td class="n">90</td></tr></tbody>',
    );
    expect(table.match(/<tr><th scope="row">/g)).toHaveLength(7);
    expect(table).toContain('<td class="n">18</td></tr><tr><th scope="row">Tiến độ, kết quả giải quyết</th>');
  });

  it('lists the published answers with the question, the unit, the day in Vietnam and the votes', () => {
    const answer = {
      question: 'Đường ngập nước',
      answer: 'Đã khơi thông cống',
      unitName: 'Phường Biên Hòa',
      publishedAt: '2026-11-21T17:00:00.000Z',
      likes: 5,
      dislikes: 2,
    };
    const page = transparencyPage(
      month({ answers: [answer, { ...answer, question: 'Đèn đường hỏng' }] }),
      'vi',
    );
    expect(between(page, '<h2>Trả lời phản ánh, kiến nghị</h2>', '</main>')).toBe(
      '<h2>Trả lời phản ánh, kiến nghị</h2><table><thead><tr><th scope="col">Phản ánh, kiến nghị</th><th scope="col">Trả lời</th><th scope="col">Đơn vị</th><th scope="col">Ngày công khai</th><th scope="col">Đồng tình / Không đồng tình</th></tr></thead><tbody>' +
        '<tr><td>Đường ngập nước</td><td>Đã khơi thông cống</td><td>Phường Biên Hòa</td><td>22/11/2026</td><td class="n">5 / 2</td></tr>' +
        '<tr><td>Đèn đường hỏng</td><td>Đã khơi thông cống</td><td>Phường Biên Hòa</td><td>22/11/2026</td><td class="n">5 / 2</td></tr></tbody></table>\n',
    );
  });

  it('says so when no answer has been published', () => {
    expect(transparencyPage(month(), 'vi')).toContain(
      '<h2>Trả lời phản ánh, kiến nghị</h2><p>Chưa có câu trả lời được công khai.</p>',
    );
    expect(transparencyPage(month(), 'en')).toContain('<p>No answer has been published yet.</p>');
  });
});
