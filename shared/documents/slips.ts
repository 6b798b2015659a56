import { type Timeliness, timeliness } from '../domain/deadline.ts';
import type { Dossier, Hop } from '../domain/dossier.ts';
import type { DossierEvent } from '../domain/dossier-events.ts';
import { escapeHtml, formPage } from './html.ts';

/**
 * The forms of Thông tư 01/2018/TT-VPCP (now 03/2025/TT-VPCP) the system issues, as data
 * and as printable Vietnamese HTML. Pure: names of units come in as a lookup.
 */
export type UnitNames = (code: string) => string;

/** Made at the first date shown: loading the Vietnamese locale costs a cold start about 5 ms. */
let VN: Intl.DateTimeFormat | undefined;
function vnFormat(): Intl.DateTimeFormat {
  VN ??= new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
  return VN;
}
export const vnTime = (iso: string | undefined): string => (iso ? vnFormat().format(new Date(iso)) : '');

export interface ReceiptDocument {
  title: string;
  code: string;
  procedure: { code: string; name: string };
  applicant: string;
  receivingUnit: { code: string; name: string };
  receivedAt: string;
  dueAt: string;
  components: string[];
  delivery: string;
  /** Mã tra cứu: with the code, it opens the public look-up. */
  lookupSecret?: string;
}

/** Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export function receiptDocument(
  dossier: Dossier & {
    procedureName: string;
    application: { applicant: { fullName: string }; delivery: { method: string }; lookupSecret?: string };
  },
  components: string[],
  names: UnitNames,
): ReceiptDocument {
  return {
    title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    code: dossier.code,
    procedure: { code: dossier.procedureCode, name: dossier.procedureName },
    applicant: dossier.application.applicant.fullName,
    receivingUnit: { code: dossier.receivingUnit, name: names(dossier.receivingUnit) },
    receivedAt: dossier.receivedAt ?? '',
    dueAt: dossier.dueAt ?? '',
    components,
    delivery:
      dossier.application.delivery.method === 'post' ? 'Qua dịch vụ bưu chính công ích' : 'Trực tuyến',
    ...(dossier.application.lookupSecret ? { lookupSecret: dossier.application.lookupSecret } : {}),
  };
}

export interface ControlRow {
  step: string;
  fromUnit: { code: string; name: string };
  toUnit: { code: string; name: string };
  by: string;
  at: string;
  /** Against the step's allowance; a step without its own allowance is held to the dossier's due date. */
  status?: Timeliness;
}

const STEP_NAMES: Record<string, string> = {
  submit: 'Nộp hồ sơ',
  receive: 'Tiếp nhận hồ sơ',
  startProcessing: 'Chuyển xử lý',
  transfer: 'Chuyển liên thông',
  returnFromTransfer: 'Trả kết quả liên thông',
  requestSupplement: 'Yêu cầu bổ sung',
  supplement: 'Bổ sung hồ sơ',
  complete: 'Hoàn thành xử lý',
  returnResult: 'Trả kết quả',
  refuse: 'Từ chối tiếp nhận',
  stop: 'Dừng xử lý',
  withdraw: 'Yêu cầu rút hồ sơ',
  requestPayment: 'Yêu cầu nộp phí, lệ phí',
  confirmPayment: 'Xác nhận đã nộp phí',
  extendDeadline: 'Xin lỗi và gia hạn',
  handoffDelivered: 'Đơn vị nhận tiếp nhận liên thông',
  handoffFailed: 'Chuyển liên thông không thành công',
};

/** One hand-off of the slip, with how its step did against its own allowance. */
export interface HandoffRow {
  hop: number;
  kind: Hop['kind'];
  fromUnit: { code: string; name: string };
  toUnit: { code: string; name: string };
  sentBy: string;
  sentAt: string;
  status: Hop['status'];
  receivedAt?: string;
  /** The receiving unit's deadline for its step, and when the step ended. */
  stepDueAt?: string;
  stepEndedAt?: string;
  stepStatus?: Timeliness;
  receipt?: string;
  failure?: Hop['failure'];
}

/** When the step a transfer started ended: the unit sent the dossier on, or processing ended. */
function stepEnd(dossier: Dossier, hop: Hop): string | undefined {
  const next = dossier.hops.find((later) => later.seq > hop.seq && later.fromUnit === hop.toUnit);
  return next?.sentAt ?? dossier.endedAt;
}

function handoffRow(dossier: Dossier, hop: Hop, names: UnitNames): HandoffRow {
  const ended = hop.status === 'delivered' && hop.dueAt ? stepEnd(dossier, hop) : undefined;
  return {
    hop: hop.seq,
    kind: hop.kind,
    fromUnit: unit(hop.fromUnit, names),
    toUnit: unit(hop.toUnit, names),
    sentBy: hop.sentBy,
    sentAt: hop.sentAt,
    status: hop.status,
    ...(hop.receivedAt ? { receivedAt: hop.receivedAt } : {}),
    ...(hop.dueAt ? { stepDueAt: hop.dueAt } : {}),
    ...(ended ? { stepEndedAt: ended, stepStatus: timeliness(new Date(ended), new Date(hop.dueAt!)) } : {}),
    ...(hop.receipt ? { receipt: hop.receipt } : {}),
    ...(hop.failure ? { failure: hop.failure } : {}),
  };
}

/** Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per step and hand-off. */
export function controlSlip(dossier: Dossier, events: readonly DossierEvent[], names: UnitNames) {
  const rows: ControlRow[] = events.map((event) => ({
    step: STEP_NAMES[event.type] ?? event.type,
    fromUnit: unit(event.fromUnit ?? event.toUnit, names),
    toUnit: unit(event.toUnit, names),
    by: event.actor.sub,
    at: event.at,
    ...(dossier.dueAt && event.type !== 'submit'
      ? { status: timeliness(new Date(event.at), new Date(dossier.dueAt)) }
      : {}),
  }));
  return {
    title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
    code: dossier.code,
    dueAt: dossier.dueAt ?? '',
    rows,
    handoffs: dossier.hops.map((hop) => handoffRow(dossier, hop, names)),
  };
}

const unit = (code: string, names: UnitNames) => ({ code, name: names(code) });

const STATUS: Record<Timeliness, string> = { early: 'Trước hạn', 'on-time': 'Đúng hạn', late: 'Quá hạn' };

export function receiptHtml(receipt: ReceiptDocument): string {
  const e = escapeHtml;
  return formPage(
    receipt.title,
    `<p>${e(receipt.receivingUnit.name)} tiếp nhận hồ sơ của: <b>${e(receipt.applicant)}</b></p>
<p>Mã hồ sơ: <b>${e(receipt.code)}</b></p>
<p>Thủ tục: ${e(receipt.procedure.name)} (${e(receipt.procedure.code)})</p>
<p>Thành phần hồ sơ:</p><ol>${receipt.components.map((name) => `<li>${e(name)}</li>`).join('')}</ol>
<p>Thời gian tiếp nhận: ${e(vnTime(receipt.receivedAt))}</p>
<p>Thời gian hẹn trả kết quả: <b>${e(vnTime(receipt.dueAt))}</b></p>
<p>Hình thức nhận kết quả: ${e(receipt.delivery)}</p>${
      receipt.lookupSecret
        ? `\n<p>Mã tra cứu: <b>${e(receipt.lookupSecret)}</b> (tra cứu tình trạng hồ sơ cùng với mã hồ sơ)</p>`
        : ''
    }`,
  );
}

export function controlSlipHtml(slip: ReturnType<typeof controlSlip>): string {
  const e = escapeHtml;
  const rows = slip.rows
    .map(
      (row, index) =>
        `<tr><td>${index + 1}</td><td>${e(row.step)}</td><td>${e(row.fromUnit.name)}</td><td>${e(row.toUnit.name)}</td><td>${e(row.by)}</td><td>${e(vnTime(row.at))}</td><td>${row.status ? STATUS[row.status] : ''}</td></tr>`,
    )
    .join('\n');
  return formPage(
    slip.title,
    `<p>Mã hồ sơ: <b>${e(slip.code)}</b> — hẹn trả: ${e(vnTime(slip.dueAt))}</p>
<table><tr><th>TT</th><th>Bước</th><th>Bên giao</th><th>Bên nhận</th><th>Người thực hiện</th><th>Thời điểm</th><th>Kết quả</th></tr>
${rows}</table>${handoffsHtml(slip.handoffs)}`,
  );
}

const HOP_STATUS: Record<Hop['status'], string> = {
  sent: 'Đang chuyển',
  delivered: 'Đã tiếp nhận',
  'queued-external': 'Chờ chuyển đến đơn vị ngoài hệ thống',
  failed: 'Không chuyển được',
};

function handoffsHtml(handoffs: readonly HandoffRow[]): string {
  if (handoffs.length === 0) return '';
  const e = escapeHtml;
  const rows = handoffs
    .map(
      (row) =>
        `<tr><td>${row.hop}</td><td>${e(row.fromUnit.name)}</td><td>${e(row.toUnit.name)}</td><td>${e(row.sentBy)}</td><td>${e(vnTime(row.sentAt))}</td><td>${e(vnTime(row.receivedAt))}</td><td>${e(vnTime(row.stepDueAt))}</td><td>${HOP_STATUS[row.status]}${row.stepStatus ? ` — ${STATUS[row.stepStatus]}` : ''}</td></tr>`,
    )
    .join('\n');
  return `
<p>Liên thông giữa các đơn vị:</p>
<table><tr><th>Lượt</th><th>Bên giao</th><th>Bên nhận</th><th>Người giao</th><th>Thời điểm giao</th><th>Thời điểm nhận</th><th>Hạn của bước</th><th>Kết quả</th></tr>
${rows}</table>`;
}
