import type { Dossier } from '../domain/dossier.ts';
import { DOCUMENT_NAMES, type IssuedKind } from '../domain/issued-documents.ts';
import { escapeHtml, formPage } from './html.ts';
import type { PrintedDocument } from './pdf.ts';
import { qrSvg } from './qr.ts';
import { vnTime } from './slips.ts';

/**
 * The documents issued on a dossier, as data, printable HTML and the lines of their PDF: the
 * receipt and appointment slip, the supplement request, the refusal, the apology letter and
 * the result notice, each with its QR. Pure: the dossier, names and QR content come in.
 */
export interface IssuedDocument {
  kind: IssuedKind;
  name: string;
  code: string;
  procedure: { code: string; name: string };
  issuer: { code: string; name: string };
  applicant: string;
  issuedAt: string;
  /** Label and value, as printed. */
  lines: { label: string; value: string }[];
  list?: { heading: string; items: string[] };
  /** What the QR holds: the look-up's address, the signed claims after `#`. */
  qr: string;
}

export interface IssuedFacts {
  dossier: Dossier & { procedureName: string };
  applicant: string;
  components: string[];
  issuer: { code: string; name: string };
  lookupSecret?: string;
}

export function issuedDocument(
  kind: IssuedKind,
  facts: IssuedFacts,
  issuedAt: string,
  qr: string,
): IssuedDocument {
  const { dossier } = facts;
  const common = [
    { label: 'Mã hồ sơ', value: dossier.code },
    { label: 'Thủ tục', value: `${dossier.procedureName} (${dossier.procedureCode})` },
    { label: 'Người nộp hồ sơ', value: facts.applicant },
  ];
  return {
    kind,
    name: DOCUMENT_NAMES[kind],
    code: dossier.code,
    procedure: { code: dossier.procedureCode, name: dossier.procedureName },
    issuer: facts.issuer,
    applicant: facts.applicant,
    issuedAt,
    lines: [...common, ...LINES[kind](facts, issuedAt)],
    ...listOf(kind, facts),
    qr,
  };
}

type Lines = (facts: IssuedFacts, at: string) => { label: string; value: string }[];

const LINES: Record<IssuedKind, Lines> = {
  receipt: ({ dossier, lookupSecret }, at) => [
    { label: 'Thời gian tiếp nhận', value: vnTime(at) },
    { label: 'Thời gian hẹn trả kết quả', value: vnTime(dossier.dueAt) },
    ...(lookupSecret ? [{ label: 'Mã tra cứu', value: lookupSecret }] : []),
  ],
  'supplement-request': (_facts, at) => [
    { label: 'Ngày yêu cầu', value: vnTime(at) },
    {
      label: 'Lưu ý',
      value:
        'Thời gian bổ sung hồ sơ không tính vào thời hạn giải quyết; hồ sơ được giải quyết tiếp khi đã bổ sung đủ.',
    },
  ],
  refusal: ({ dossier }, at) => [
    { label: 'Ngày từ chối', value: vnTime(at) },
    { label: 'Lý do', value: dossier.reason ?? '' },
  ],
  apology: ({ dossier }, at) => [
    { label: 'Ngày tiếp nhận', value: vnTime(dossier.receivedAt) },
    { label: 'Ngày xin lỗi', value: vnTime(at) },
    { label: 'Lý do chậm', value: dossier.apology?.publicReason ?? '' },
    { label: 'Ngày hẹn trả mới', value: vnTime(dossier.apology?.newDueAt) },
  ],
  result: ({ dossier }, at) => [
    { label: 'Ngày có kết quả', value: vnTime(at) },
    { label: 'Kết quả', value: dossier.resultSummary ?? '' },
    { label: 'Hiệu lực', value: `từ ${vnTime(at)}` },
  ],
};

function listOf(kind: IssuedKind, facts: IssuedFacts): { list?: IssuedDocument['list'] } {
  if (kind === 'receipt') return { list: { heading: 'Thành phần hồ sơ', items: facts.components } };
  if (kind === 'supplement-request')
    return {
      list: { heading: 'Nội dung cần bổ sung, hoàn thiện', items: facts.dossier.supplementItems ?? [] },
    };
  return {};
}

const FOOTER =
  'Quét mã QR để tra cứu hồ sơ; mã QR mang thông tin được ký số, kiểm tra được bằng khóa công khai của tỉnh (/.well-known/jwks.json).';

/** The document as its PDF prints it. */
export const printed = (document: IssuedDocument): PrintedDocument => ({
  issuer: document.issuer.name,
  title: document.name,
  lines: document.lines,
  ...(document.list ? { list: document.list } : {}),
  qr: document.qr,
  footer: FOOTER,
});

/** The document as a printable page, its QR top-left. */
export function issuedHtml(document: IssuedDocument): string {
  const e = escapeHtml;
  const lines = document.lines.map(({ label, value }) => `<p>${e(label)}: <b>${e(value)}</b></p>`).join('\n');
  const list = document.list
    ? `<p>${e(document.list.heading)}:</p><ol>${document.list.items.map((item) => `<li>${e(item)}</li>`).join('')}</ol>`
    : '';
  return formPage(
    document.name,
    `<p>${e(document.issuer.name)}</p>
${lines}
${list}
<p><small>${e(FOOTER)}</small></p>`,
    qrSvg(document.qr),
  );
}
