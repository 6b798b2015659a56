import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { type IssuedFacts, issuedDocument, issuedHtml, printed } from '../../shared/documents/issued.ts';
import { QR_SIDE, renderPdf } from '../../shared/documents/pdf.ts';
import type { Dossier } from '../../shared/domain/dossier.ts';
import { readPdf } from '../support/pdf-qr.ts';

const font = readFileSync(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
const MARKUP = '<img src=x onerror=alert(1)> Nguyễn "Hoà" & <b>';
const QR = `https://api.example/lookup/000.02.30.H19-261208-0001?secret=AB#${'e'.repeat(300)}.x.y`;

const facts = (more: Partial<Dossier & { procedureName: string }> = {}): IssuedFacts => ({
  dossier: {
    code: '000.02.30.H19-261208-0001',
    procedureCode: '1.004873',
    procedureName: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    state: 2,
    receivedAt: '2026-12-08T02:00:00.000Z',
    dueAt: '2026-12-11T10:00:00.000Z',
    ...more,
  } as Dossier & { procedureName: string },
  applicant: MARKUP,
  components: ['Tờ khai', `Giấy tờ ${MARKUP}`],
  issuer: { code: '000.02.30.H19', name: 'Ủy ban nhân dân phường Biên Hòa' },
  lookupSecret: 'R4MHT-5EFPV',
});

describe('a document issued on a dossier', () => {
  it('prints the receipt’s reception and appointment times in Vietnam’s zone, the secret and the components', () => {
    const receipt = issuedDocument('receipt', facts(), '2026-12-08T02:00:00.000Z', QR);
    expect(receipt.lines).toEqual([
      { label: 'Mã hồ sơ', value: '000.02.30.H19-261208-0001' },
      { label: 'Thủ tục', value: 'Cấp Giấy xác nhận tình trạng hôn nhân (1.004873)' },
      { label: 'Người nộp hồ sơ', value: MARKUP },
      { label: 'Thời gian tiếp nhận', value: '09:00 08/12/2026' },
      { label: 'Thời gian hẹn trả kết quả', value: '17:00 11/12/2026' },
      { label: 'Mã tra cứu', value: 'R4MHT-5EFPV' },
    ]);
    expect(receipt.list).toEqual({ heading: 'Thành phần hồ sơ', items: ['Tờ khai', `Giấy tờ ${MARKUP}`] });
    expect(receipt).toMatchObject({
      kind: 'receipt',
      name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      qr: QR,
    });
  });

  it('says what to supply, why it was refused, the new date, or the result, each kind its own lines', () => {
    const at = '2026-12-09T02:00:00.000Z';
    const labels = (kind: Parameters<typeof issuedDocument>[0], more = {}) =>
      issuedDocument(kind, facts(more), at, QR).lines.slice(3);
    const asked = issuedDocument('supplement-request', facts({ supplementItems: ['Bản sao'] }), at, QR);
    expect(asked.list).toEqual({ heading: 'Nội dung cần bổ sung, hoàn thiện', items: ['Bản sao'] });
    expect(asked.lines.slice(3)).toEqual([
      { label: 'Ngày yêu cầu', value: '09:00 09/12/2026' },
      {
        label: 'Lưu ý',
        value:
          'Thời gian bổ sung hồ sơ không tính vào thời hạn giải quyết; hồ sơ được giải quyết tiếp khi đã bổ sung đủ.',
      },
    ]);
    expect(asked.procedure).toEqual({ code: '1.004873', name: 'Cấp Giấy xác nhận tình trạng hôn nhân' });
    expect(issuedDocument('supplement-request', facts(), at, QR).list?.items).toEqual([]);
    expect(labels('refusal', { reason: 'Sai mẫu' })).toEqual([
      { label: 'Ngày từ chối', value: '09:00 09/12/2026' },
      { label: 'Lý do', value: 'Sai mẫu' },
    ]);
    const apology = {
      at,
      category: 'other',
      publicReason: 'Chờ xác minh',
      newDueAt: '2026-12-15T10:00:00.000Z',
    };
    expect(labels('apology', { apology })).toEqual([
      { label: 'Ngày tiếp nhận', value: '09:00 08/12/2026' },
      { label: 'Ngày xin lỗi', value: '09:00 09/12/2026' },
      { label: 'Lý do chậm', value: 'Chờ xác minh' },
      { label: 'Ngày hẹn trả mới', value: '17:00 15/12/2026' },
    ]);
    // Without the letter's text, empty rather than a failure.
    expect(labels('apology').slice(2)).toEqual([
      { label: 'Lý do chậm', value: '' },
      { label: 'Ngày hẹn trả mới', value: '' },
    ]);
    expect(labels('refusal').at(-1)).toEqual({ label: 'Lý do', value: '' });
    expect(labels('result').at(1)).toEqual({ label: 'Kết quả', value: '' });
    expect(labels('result', { resultSummary: 'Đã cấp' })).toEqual([
      { label: 'Ngày có kết quả', value: '09:00 09/12/2026' },
      { label: 'Kết quả', value: 'Đã cấp' },
      { label: 'Hiệu lực', value: 'từ 09:00 09/12/2026' },
    ]);
    expect(issuedDocument('result', facts(), at, QR).list).toBeUndefined();
    const withoutSecret = { ...facts(), lookupSecret: undefined };
    expect(issuedDocument('receipt', withoutSecret, at, QR).lines.at(-1)?.label).toBe(
      'Thời gian hẹn trả kết quả',
    );
  });

  it('as a page, shows markup in any name as text, its QR drawn top-left before the heading', () => {
    const page = issuedHtml(issuedDocument('receipt', facts(), '2026-12-08T02:00:00.000Z', QR));
    expect(page).not.toContain('<img');
    expect(page).toContain('&#60;img src=x onerror=alert(1)&#62; Nguyễn &#34;Hoà&#34; &#38; &#60;b&#62;');
    expect(page.indexOf('<div class="qr"><svg')).toBeLessThan(page.indexOf('class="nation"'));
    const escaped = '&#60;img src=x onerror=alert(1)&#62; Nguyễn &#34;Hoà&#34; &#38; &#60;b&#62;';
    expect(page).toContain(`<p>Người nộp hồ sơ: <b>${escaped}</b></p>`);
    expect(page).toContain(`<p>Thành phần hồ sơ:</p><ol><li>Tờ khai</li><li>Giấy tờ ${escaped}</li></ol>`);
    const refusal = issuedDocument('refusal', facts({ reason: 'x' }), '2026-12-08T02:00:00.000Z', QR);
    expect(issuedHtml(refusal)).not.toContain('<ol>');
  });

  it('as a PDF, carries its QR top-left, read back from the rendered page, and prints Vietnamese as written', async () => {
    const document = issuedDocument('receipt', facts(), '2026-12-08T02:00:00.000Z', QR);
    const bytes = await renderPdf(printed(document), font);
    const page = readPdf(bytes);
    const metadata = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(metadata.getTitle()).toBe('Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
    expect(metadata.getProducer()).toBe('motcua');
    expect(page.pages).toBe(1);
    expect(page.qr?.content).toBe(QR);
    // Its top-left corner within the page's first margin and QR's width.
    expect(page.qr!.left).toBeLessThan((42 + QR_SIDE / 4) / 595);
    expect(page.qr!.top).toBeLessThan((42 + QR_SIDE / 4) / 842);
    expect(page.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(page.text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(page.text).toContain('ỦY BAN NHÂN DÂN PHƯỜNG BIÊN HÒA');
    expect(page.text).toContain('Quét mã QR để tra cứu hồ sơ');
    expect(page.text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(page.text).toContain('Mã tra cứu: R4MHT-5EFPV');
    expect(page.text).toContain(`Người nộp hồ sơ: ${MARKUP}`);
    expect(page.text).toContain('2. Giấy tờ');
  });

  it('wraps a long line within the page rather than past its edge', async () => {
    const long = 'Lý do rất dài '.repeat(40).trim();
    const document = issuedDocument('refusal', facts({ reason: long }), '2026-12-08T02:00:00.000Z', QR);
    const { text } = readPdf(await renderPdf(printed(document), font));
    const lines = text.split('\n').filter((line) => line.includes('Lý do'));
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((line) => line.length < 110)).toBe(true);
  });
});
