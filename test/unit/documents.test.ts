import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dashboardPage } from '../../shared/documents/dashboard.ts';
import { DOCS_HEADERS, docsPage, REDOC_FILE } from '../../shared/documents/docs-page.ts';
import { formPage, HTML_HEADERS, htmlHeaders } from '../../shared/documents/html.ts';
import {
  controlSlip,
  controlSlipHtml,
  receiptDocument,
  receiptHtml,
  vnTime,
} from '../../shared/documents/slips.ts';
import type { Dossier } from '../../shared/domain/dossier.ts';
import type { DossierEvent } from '../../shared/domain/dossier-events.ts';

const WARD = '000.02.30.H19';
const DEPARTMENT = '000.00.14.H19';
const names = (code: string) => ({ [WARD]: 'Phường Biên Hòa', [DEPARTMENT]: 'Sở Tư pháp' })[code] ?? code;

/** A dossier received on 2 December at 09:00 in Vietnam, due on the 5th at 17:00, sent to the department and back. */
const dossier = {
  code: `${WARD}-261202-0001`,
  procedureCode: '1.004873',
  receivingUnit: WARD,
  currentUnit: WARD,
  receivedAt: '2026-12-02T02:00:00.000Z',
  dueAt: '2026-12-05T10:00:00.000Z',
  endedAt: '2026-12-04T03:00:00.000Z',
  hops: [
    {
      seq: 3,
      kind: 'transfer',
      fromUnit: WARD,
      toUnit: DEPARTMENT,
      sentBy: 'officer-ward',
      sentAt: '2026-12-02T03:00:00.000Z',
      sentFrom: 'none',
      status: 'delivered',
      receivedAt: '2026-12-02T03:05:00.000Z',
      dueAt: '2026-12-03T10:00:00.000Z',
      receipt: 'eyJ.hop.receipt',
    },
    {
      seq: 5,
      kind: 'return',
      fromUnit: DEPARTMENT,
      toUnit: WARD,
      sentBy: 'officer-department',
      sentAt: '2026-12-03T11:00:00.000Z',
      sentFrom: 'none',
      status: 'delivered',
      receivedAt: '2026-12-03T11:01:00.000Z',
    },
    {
      seq: 7,
      kind: 'transfer',
      fromUnit: WARD,
      toUnit: '000.99.99.H19',
      sentBy: 'officer-ward',
      sentAt: '2026-12-03T12:00:00.000Z',
      sentFrom: 'none',
      status: 'failed',
      failure: { reason: 'unknown-unit', at: '2026-12-03T12:00:01.000Z' },
    },
  ],
} as unknown as Dossier;

const event = (type: string, at: string, fromUnit?: string, toUnit = WARD) =>
  ({ type, at, toUnit, ...(fromUnit ? { fromUnit } : {}), actor: { sub: `by-${type}` } }) as DossierEvent;

describe('the receipt (giấy tiếp nhận và hẹn trả kết quả)', () => {
  const application = (method: string, lookupSecret?: string) => ({
    applicant: { fullName: 'Nguyễn Thị Lan' },
    delivery: { method },
    ...(lookupSecret ? { lookupSecret } : {}),
  });

  it('names the dossier, procedure, applicant, unit, times, components and how the result comes back', () => {
    const receipt = receiptDocument(
      {
        ...dossier,
        procedureName: 'Cấp giấy xác nhận tình trạng hôn nhân',
        application: application('post', '7KQ2M-X9D4H'),
      },
      ['Tờ khai', 'Bản sao CCCD'],
      names,
    );
    expect(receipt).toEqual({
      title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      code: dossier.code,
      procedure: { code: '1.004873', name: 'Cấp giấy xác nhận tình trạng hôn nhân' },
      applicant: 'Nguyễn Thị Lan',
      receivingUnit: { code: WARD, name: 'Phường Biên Hòa' },
      receivedAt: dossier.receivedAt,
      dueAt: dossier.dueAt,
      components: ['Tờ khai', 'Bản sao CCCD'],
      delivery: 'Qua dịch vụ bưu chính công ích',
      lookupSecret: '7KQ2M-X9D4H',
    });
    const html = receiptHtml(receipt);
    expect(html).toContain('<li>Tờ khai</li><li>Bản sao CCCD</li>');
    expect(html).toContain('Thời gian hẹn trả kết quả: <b>17:00 05/12/2026</b>');
    expect(html).toContain('Mã tra cứu: <b>7KQ2M-X9D4H</b>');
  });

  it('before reception has no times, returns the result online, and prints no look-up line without a secret', () => {
    const { receivedAt: _r, dueAt: _d, ...submitted } = dossier;
    const receipt = receiptDocument(
      { ...(submitted as Dossier), procedureName: 'x', application: application('online') },
      [],
      names,
    );
    expect(receipt).toMatchObject({ receivedAt: '', dueAt: '', delivery: 'Trực tuyến' });
    expect(receipt).not.toHaveProperty('lookupSecret');
    expect(receiptHtml(receipt)).not.toContain('Mã tra cứu');
    expect(receiptHtml(receipt)).toContain('<p>Hình thức nhận kết quả: Trực tuyến</p>\n</body></html>');
  });

  it('writes times in Vietnam, and nothing for none', () => {
    expect(vnTime('2026-12-31T17:30:00.000Z')).toBe('00:30 01/01/2027');
    expect(vnTime(undefined)).toBe('');
  });
});

describe('the process-control slip (phiếu kiểm soát)', () => {
  const events = [
    event('submit', '2026-12-01T10:00:00.000Z'),
    event('receive', '2026-12-02T02:00:00.000Z'),
    event('transfer', '2026-12-02T03:00:00.000Z', WARD, DEPARTMENT),
    event('complete', '2026-12-05T10:00:00.000Z'),
    event('returnResult', '2026-12-06T02:00:00.000Z'),
    event('somethingNew', '2026-12-06T03:00:00.000Z'),
  ];
  // Made in each test, not while the file is read: what runs at import is outside any test.
  const made = () => controlSlip(dossier, events, names);

  it('has a row per step, named in Vietnamese, by whom, between which units, judged against the due date', () => {
    const slip = made();
    expect(slip.rows.map((row) => [row.step, row.by, row.status])).toEqual([
      ['Nộp hồ sơ', 'by-submit', undefined],
      ['Tiếp nhận hồ sơ', 'by-receive', 'early'],
      ['Chuyển liên thông', 'by-transfer', 'early'],
      ['Hoàn thành xử lý', 'by-complete', 'on-time'],
      ['Trả kết quả', 'by-returnResult', 'late'],
      ['somethingNew', 'by-somethingNew', 'late'],
    ]);
    expect(slip.rows[2]).toMatchObject({
      fromUnit: { code: WARD, name: 'Phường Biên Hòa' },
      toUnit: { code: DEPARTMENT, name: 'Sở Tư pháp' },
    });
    // A step within one unit is from and to that unit.
    expect(slip.rows[1]).toMatchObject({ fromUnit: { code: WARD }, toUnit: { code: WARD } });
    expect(slip).toMatchObject({ title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', code: dossier.code });
    const { dueAt: _d, ...undated } = dossier;
    expect(controlSlip(undated as Dossier, events, names).rows.every((row) => row.status === undefined)).toBe(
      true,
    );
    expect(controlSlip(undated as Dossier, events, names).dueAt).toBe('');
  });

  it('judges a transfer’s step by when the receiving unit sent the dossier on, against the step’s own deadline', () => {
    const slip = made();
    expect(slip.handoffs).toEqual([
      {
        hop: 3,
        kind: 'transfer',
        fromUnit: { code: WARD, name: 'Phường Biên Hòa' },
        toUnit: { code: DEPARTMENT, name: 'Sở Tư pháp' },
        sentBy: 'officer-ward',
        sentAt: '2026-12-02T03:00:00.000Z',
        status: 'delivered',
        receivedAt: '2026-12-02T03:05:00.000Z',
        stepDueAt: '2026-12-03T10:00:00.000Z',
        stepEndedAt: '2026-12-03T11:00:00.000Z',
        stepStatus: 'late',
        receipt: 'eyJ.hop.receipt',
      },
      expect.objectContaining({ hop: 5, kind: 'return', status: 'delivered' }),
      expect.objectContaining({
        hop: 7,
        status: 'failed',
        failure: { reason: 'unknown-unit', at: '2026-12-03T12:00:01.000Z' },
      }),
    ]);
    expect(slip.handoffs[1]).not.toHaveProperty('stepStatus');
    // Without a later hop from the receiving unit, its step ended when processing ended.
    const once = controlSlip({ ...dossier, hops: [dossier.hops[0]!] }, events, names);
    expect(once.handoffs[0]).toMatchObject({ stepEndedAt: dossier.endedAt, stepStatus: 'late' });
  });

  it('prints the rows numbered, with their results, and the hand-offs only when there are some', () => {
    const slip = made();
    const html = controlSlipHtml(slip);
    expect(html).toContain('<tr><td>1</td><td>Nộp hồ sơ</td>');
    expect(html).toContain(
      '<tr><td>2</td><td>Tiếp nhận hồ sơ</td><td>Phường Biên Hòa</td><td>Phường Biên Hòa</td><td>by-receive</td><td>09:00 02/12/2026</td><td>Trước hạn</td></tr>',
    );
    expect(html).toContain('<td>Đúng hạn</td>');
    expect(html).toContain('<td>Quá hạn</td>');
    expect(html).toContain('Liên thông giữa các đơn vị');
    expect(html).toContain('<td>Đã tiếp nhận — Quá hạn</td>');
    expect(html).toContain('<td>Không chuyển được</td>');
    expect(controlSlipHtml({ ...slip, handoffs: [] })).not.toContain('Liên thông');
    expect(controlSlipHtml({ ...slip, handoffs: [] })).toContain('</td></tr></table>\n</body></html>');
  });
});

describe('the leaders’ dashboard', () => {
  const board = {
    unit: WARD,
    period: '2026-12',
    at: '2026-12-07T03:00:00.000Z',
    units: [
      {
        code: WARD,
        name: 'Phường Biên Hòa',
        open: 4,
        dueSoon: 1,
        overdue: 2,
        resolved: 3,
        onTimeRate: 66.7,
        lists: { open: '/o', dueSoon: '/d', overdue: '/l', resolved: '/r' },
      },
      {
        code: DEPARTMENT,
        name: 'Sở Tư pháp',
        open: 0,
        dueSoon: 0,
        overdue: 0,
        resolved: 0,
        onTimeRate: undefined,
        lists: { open: '/o2', dueSoon: '/d2', overdue: '/l2', resolved: '/r2' },
      },
    ],
    officers: [
      { officer: 'can-bo-1', resolved: 3, onTimeRate: 66.7 },
      { officer: 'can-bo-2', resolved: 0, onTimeRate: undefined },
    ],
  };

  it('links each figure to its list, marks what is overdue, and shows — where nothing is measured', () => {
    const page = dashboardPage(board);
    expect(page).toContain(
      `<tr data-unit="${WARD}"><th scope="row">Phường Biên Hòa</th><td class="n"><a href="/o" data-figure="open">4</a></td><td class="n"><a href="/d" data-figure="dueSoon">1</a></td><td class="n"><a href="/l" data-figure="overdue" class="overdue">2</a></td><td class="n"><a href="/r" data-figure="resolved">3</a></td><td class="n">66.7</td></tr>`,
    );
    expect(page).toContain('<a href="/l2" data-figure="overdue">0</a>');
    expect(page).toContain('<a href="/r2" data-figure="resolved">0</a></td><td class="n">—</td></tr>');
    expect(page).toContain(
      '<tr><th scope="row">can-bo-1</th><td class="n">3</td><td class="n">66.7</td></tr>',
    );
    expect(page).toContain('<tr><th scope="row">can-bo-2</th><td class="n">0</td><td class="n">—</td></tr>');
    // One row after another, nothing between them.
    expect(page).toContain(`</tr><tr data-unit="${DEPARTMENT}">`);
    expect(page).toContain('</tr><tr><th scope="row">can-bo-2</th>');
  });

  it('speaks Vietnamese by default, English on request, each linking to the other', () => {
    const vi = dashboardPage(board);
    expect(vi).toContain('<html lang="vi">');
    expect(vi).toContain('<title>Chỉ đạo, điều hành — 000.02.30.H19 — 2026-12</title>');
    expect(vi).toContain('<a href="?period=2026-12&amp;lang=en" hreflang="en" lang="en">English</a>');
    expect(vi).toContain('<th scope="col">Quá hạn</th>');
    const en = dashboardPage(board, 'en');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<a href="?period=2026-12&amp;lang=vi" hreflang="vi" lang="vi">Tiếng Việt</a>');
    expect(en).toContain('<caption>By officer (resolved in the period)</caption>');
    expect(en).toContain('<th scope="col">Overdue</th>');
  });
});

describe('the headers of the pages', () => {
  it('allow only the page’s own style, by its hash, and nothing loaded or framed', () => {
    const style = 'body{color:red}';
    const headers = htmlHeaders(style);
    const hash = createHash('sha256').update(style).digest('base64');
    expect(headers['content-security-policy']).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    );
    expect(headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    expect(HTML_HEADERS['content-security-policy']).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; /,
    );
    expect(HTML_HEADERS['content-security-policy']).toContain("form-action 'none'");
  });
});

describe('the frame of the printable forms', () => {
  it('heads the form with the national motto and its title, in Vietnamese, and puts the body after the title', () => {
    const page = formPage('GIẤY BIÊN NHẬN', '<p>nội dung</p>');
    expect(
      page.startsWith(
        '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8"><title>GIẤY BIÊN NHẬN</title>',
      ),
    ).toBe(true);
    expect(page).toContain(
      '<body><p class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</p>\n<h1>GIẤY BIÊN NHẬN</h1>\n<p>nội dung</p>\n</body></html>',
    );
  });

  it('carries the one style its headers allow by hash', () => {
    const page = formPage('x', '');
    const style = /<style>([^<]*)<\/style>/.exec(page)?.[1] ?? '';
    expect(style).toContain('font-family');
    const hash = createHash('sha256').update(style).digest('base64');
    expect(HTML_HEADERS['content-security-policy']).toContain(`style-src 'sha256-${hash}'`);
  });
});

describe('the API reference page', () => {
  it('names the province, points Redoc at this origin’s OpenAPI document, and loads the bundle from this origin', () => {
    const page = docsPage('Đồng Nai');
    expect(page).toContain('<title>motcua Đồng Nai: API reference</title>');
    expect(page).toContain('<redoc spec-url="openapi.json"');
    expect(page).toContain(`<script src="docs/${REDOC_FILE}"></script>`);
    expect(page).toContain('<a href="openapi.json">/openapi.json</a>');
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(DOCS_HEADERS['content-security-policy']).toContain("script-src 'self';");
  });
});

describe('the printed forms, line by line', () => {
  /** The body of a form: what comes after its title. */
  const body = (page: string) => page.slice(page.indexOf('</h1>\n') + 6, page.indexOf('\n</body>'));
  const unit = (code: string, name: string) => ({ code, name });

  it('the receipt says who received what from whom, when, what is due when, how it comes back, and its look-up code', () => {
    const html = receiptHtml({
      title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      code: 'H19-0001',
      procedure: { code: '1.004873', name: 'Đăng ký khai sinh' },
      applicant: 'Nguyễn Thị Lan',
      receivingUnit: unit(WARD, 'Phường Biên Hòa'),
      receivedAt: '2026-12-02T02:00:00.000Z',
      dueAt: '2026-12-05T10:00:00.000Z',
      components: ['Tờ khai', 'Giấy chứng sinh'],
      delivery: 'Trực tuyến',
      lookupSecret: '7KQ2M-X9D4H',
    });
    expect(body(html)).toBe(
      [
        '<p>Phường Biên Hòa tiếp nhận hồ sơ của: <b>Nguyễn Thị Lan</b></p>',
        '<p>Mã hồ sơ: <b>H19-0001</b></p>',
        '<p>Thủ tục: Đăng ký khai sinh (1.004873)</p>',
        '<p>Thành phần hồ sơ:</p><ol><li>Tờ khai</li><li>Giấy chứng sinh</li></ol>',
        '<p>Thời gian tiếp nhận: 09:00 02/12/2026</p>',
        '<p>Thời gian hẹn trả kết quả: <b>17:00 05/12/2026</b></p>',
        '<p>Hình thức nhận kết quả: Trực tuyến</p>',
        '<p>Mã tra cứu: <b>7KQ2M-X9D4H</b> (tra cứu tình trạng hồ sơ cùng với mã hồ sơ)</p>',
      ].join('\n'),
    );
  });

  it('the control slip numbers its steps, leaves the result of an unjudged step blank, and lists each hand-off with its step’s deadline', () => {
    const html = controlSlipHtml({
      title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
      code: 'H19-0001',
      dueAt: '2026-12-05T10:00:00.000Z',
      rows: [
        {
          step: 'Nộp hồ sơ',
          fromUnit: unit(WARD, 'Phường'),
          toUnit: unit(WARD, 'Phường'),
          by: 'dan',
          at: '2026-12-02T02:00:00.000Z',
        },
        {
          step: 'Trả kết quả',
          fromUnit: unit(WARD, 'Phường'),
          toUnit: unit(DEPARTMENT, 'Sở'),
          by: 'can-bo',
          at: '2026-12-06T02:00:00.000Z',
          status: 'late',
        },
      ],
      handoffs: [
        {
          hop: 3,
          kind: 'transfer',
          fromUnit: unit(WARD, 'Phường'),
          toUnit: unit(DEPARTMENT, 'Sở'),
          sentBy: 'can-bo',
          sentAt: '2026-12-02T03:00:00.000Z',
          status: 'delivered',
          receivedAt: '2026-12-02T03:05:00.000Z',
          stepDueAt: '2026-12-03T10:00:00.000Z',
          stepEndedAt: '2026-12-03T09:00:00.000Z',
          stepStatus: 'early',
        },
        {
          hop: 4,
          kind: 'transfer',
          fromUnit: unit(DEPARTMENT, 'Sở'),
          toUnit: unit('G01', 'Bộ'),
          sentBy: 'can-bo-so',
          sentAt: '2026-12-03T09:00:00.000Z',
          status: 'queued-external',
        },
      ],
    });
    expect(body(html)).toBe(
      [
        '<p>Mã hồ sơ: <b>H19-0001</b> — hẹn trả: 17:00 05/12/2026</p>',
        '<table><tr><th>TT</th><th>Bước</th><th>Bên giao</th><th>Bên nhận</th><th>Người thực hiện</th><th>Thời điểm</th><th>Kết quả</th></tr>',
        '<tr><td>1</td><td>Nộp hồ sơ</td><td>Phường</td><td>Phường</td><td>dan</td><td>09:00 02/12/2026</td><td></td></tr>',
        '<tr><td>2</td><td>Trả kết quả</td><td>Phường</td><td>Sở</td><td>can-bo</td><td>09:00 06/12/2026</td><td>Quá hạn</td></tr></table>',
        '<p>Liên thông giữa các đơn vị:</p>',
        '<table><tr><th>Lượt</th><th>Bên giao</th><th>Bên nhận</th><th>Người giao</th><th>Thời điểm giao</th><th>Thời điểm nhận</th><th>Hạn của bước</th><th>Kết quả</th></tr>',
        '<tr><td>3</td><td>Phường</td><td>Sở</td><td>can-bo</td><td>10:00 02/12/2026</td><td>10:05 02/12/2026</td><td>17:00 03/12/2026</td><td>Đã tiếp nhận — Trước hạn</td></tr>',
        '<tr><td>4</td><td>Sở</td><td>Bộ</td><td>can-bo-so</td><td>16:00 03/12/2026</td><td></td><td></td><td>Chờ chuyển đến đơn vị ngoài hệ thống</td></tr></table>',
      ].join('\n'),
    );
  });

  it('a hand-off still on its way has its step’s deadline but no end and no verdict yet', () => {
    const [hop] = dossier.hops;
    const onItsWay = { ...hop!, status: 'sent' as const, receivedAt: undefined };
    const slip = controlSlip({ ...dossier, hops: [onItsWay] }, [], names);
    expect(slip.handoffs[0]).toMatchObject({ status: 'sent', stepDueAt: hop!.dueAt });
    expect(slip.handoffs[0]).not.toHaveProperty('stepEndedAt');
    expect(slip.handoffs[0]).not.toHaveProperty('stepStatus');
    expect(slip.handoffs[0]).not.toHaveProperty('receivedAt');
    expect(controlSlipHtml(slip)).toContain('<td>17:00 03/12/2026</td><td>Đang chuyển</td></tr>');
  });

  it('a step’s end is the next hand-off from the unit that received it, not an earlier one nor one from another unit', () => {
    const [toDepartment] = dossier.hops;
    const hop = (seq: number, fromUnit: string, toUnit: string, sentAt: string) => ({
      ...toDepartment!,
      seq,
      fromUnit,
      toUnit,
      sentAt,
      dueAt: undefined,
    });
    const slip = controlSlip(
      {
        ...dossier,
        hops: [
          hop(1, DEPARTMENT, WARD, '2026-12-01T03:00:00.000Z'),
          toDepartment!,
          hop(4, WARD, '000.03.00.H19', '2026-12-02T09:00:00.000Z'),
          hop(6, DEPARTMENT, WARD, '2026-12-03T08:00:00.000Z'),
        ],
      },
      [],
      names,
    );
    expect(slip.handoffs[1]).toMatchObject({
      stepEndedAt: '2026-12-03T08:00:00.000Z',
      stepStatus: 'on-time',
    });
  });
});
