import type { Dossier, NationalState } from './dossier.ts';
import type { DossierEvent } from './dossier-events.ts';

/**
 * The national public service portal's shapes (DVCQG): a dossier as DongBoHoSoMC carries it,
 * and a step of progress as CapNhatTienDoHoSoMC does, with their field names, and dates in
 * the Asia/Ho_Chi_Minh zone (ISO 8601 with its +07:00 offset). Pure.
 */

/** Vietnam keeps +07:00 all year: no daylight saving. */
export function vietnamTime(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 7 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+07:00`;
}

const at = (iso: string | undefined) => (iso ? vietnamTime(iso) : undefined);

export interface NationalFile {
  TenTepDinhKem: string;
  MaThanhPhanHoSo?: string;
  KichThuoc: number;
  MaBamSHA256: string;
}

export interface NationalDossier {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  TenLinhVuc: string;
  ChuHoSo: string;
  LoaiDoiTuong: 1 | 2;
  Email?: string;
  SoDienThoai: string;
  TrichYeuHoSo: string;
  NgayNopHoSo: string;
  NgayTiepNhan?: string;
  NgayHenTra?: string;
  TrangThaiHoSo: NationalState;
  NgayTra?: string;
  NgayKetThucXuLy?: string;
  DonViXuLy: string;
  TaiLieuNop: NationalFile[];
  DanhSachLePhi: { SoTien: number; GhiChu?: string }[];
  DanhSachHoSoBoSung: { NgayYeuCau?: string; NoiDung: string[] }[];
  DanhSachGiayToKetQua: NationalFile[];
  /** How the result is returned to the applicant, as the portal codes it (RESULT_RETURN_CODES). */
  HinhThuc: number;
}

/**
 * How the result goes back to the applicant, in the portal's codes. DVCQG's published field
 * list names `HinhThuc` without its table; these are the codes observed in provincial
 * integrations (unconfirmed): 1 online, 2 by public postal service. A province whose portal
 * says otherwise sets `connectors.nationalPortal.resultReturnCodes`.
 */
export const RESULT_RETURN_CODES: Readonly<Record<'online' | 'post', number>> = { online: 1, post: 2 };

/**
 * The portal's own code of a dossier it filed here (its MaHoSo), under which every later message
 * to it goes; none for a dossier filed anywhere else.
 */
export function portalCode(
  dossier: { channel?: { integrator: string; reference: string } },
  portalIntegrator: string | undefined,
): string | undefined {
  return portalIntegrator !== undefined && dossier.channel?.integrator === portalIntegrator
    ? dossier.channel.reference
    : undefined;
}

export interface DossierFacts {
  /** The portal's code when it filed the dossier: the MaHoSo of every message. */
  portalCode?: string;
  dossier: Dossier & {
    procedureName: string;
    /** Filed through another channel: its integrator and its code there. */
    channel?: { integrator: string; reference: string };
    resultFiles?: { fileName: string; size: number; sha256: string }[];
    externalResults?: { files: { fileName: string; size: number; sha256: string }[] }[];
  };
  applicant: { kind: 'citizen' | 'business'; fullName: string; email?: string; phone: string };
  components: { componentId: string; files: { fileName: string; size: number; sha256: string }[] }[];
  field: { code: string; name: string };
  fees: { amount: number; note?: string }[];
  /** The name of the unit that has the dossier now. */
  unitName: string;
  /** How the applicant asked for the result to come back. */
  delivery?: { method: 'online' | 'post' };
  /** The portal's codes of how a result is returned, when the province's differ from the observed ones. */
  returnCodes?: Readonly<Record<'online' | 'post', number>>;
}

const file = (one: { fileName: string; size: number; sha256: string }, component?: string): NationalFile => ({
  TenTepDinhKem: one.fileName,
  ...(component ? { MaThanhPhanHoSo: component } : {}),
  KichThuoc: one.size,
  MaBamSHA256: one.sha256,
});

/** A dossier in the national portal's shape (DongBoHoSoMC). */
export function nationalDossier({
  portalCode,
  dossier,
  applicant,
  components,
  field,
  fees,
  unitName,
  delivery,
  returnCodes = RESULT_RETURN_CODES,
}: DossierFacts): NationalDossier {
  const results = [
    ...(dossier.resultFiles ?? []),
    ...(dossier.externalResults ?? []).flatMap((result) => result.files),
  ];
  const record: NationalDossier = {
    MaHoSo: portalCode ?? dossier.code,
    MaTTHC: dossier.procedureCode,
    TenTTHC: dossier.procedureName,
    MaLinhVuc: field.code,
    TenLinhVuc: field.name,
    ChuHoSo: applicant.fullName,
    LoaiDoiTuong: applicant.kind === 'citizen' ? 1 : 2,
    ...(applicant.email ? { Email: applicant.email } : {}),
    SoDienThoai: applicant.phone,
    TrichYeuHoSo: dossier.procedureName,
    NgayNopHoSo: vietnamTime(dossier.submittedAt),
    TrangThaiHoSo: dossier.state,
    DonViXuLy: unitName,
    TaiLieuNop: components.flatMap((component) =>
      component.files.map((one) => file(one, component.componentId)),
    ),
    DanhSachLePhi: [
      ...fees
        .filter((fee) => fee.amount > 0)
        .map((fee) => ({ SoTien: fee.amount, ...(fee.note ? { GhiChu: fee.note } : {}) })),
      ...(dossier.paymentAmount
        ? [{ SoTien: dossier.paymentAmount, GhiChu: 'Yêu cầu thực hiện nghĩa vụ tài chính' }]
        : []),
    ],
    DanhSachHoSoBoSung: dossier.supplementItems
      ? [
          {
            ...(dossier.pausedAt ? { NgayYeuCau: vietnamTime(dossier.pausedAt) } : {}),
            NoiDung: dossier.supplementItems,
          },
        ]
      : [],
    DanhSachGiayToKetQua: results.map((one) => file(one)),
    HinhThuc: returnCodes[delivery?.method ?? 'online'],
  };
  const optional = {
    NgayTiepNhan: at(dossier.receivedAt),
    NgayHenTra: at(dossier.dueAt),
    NgayTra: dossier.state === 10 ? at(dossier.endedAt) : undefined,
    NgayKetThucXuLy: at(dossier.endedAt),
  };
  for (const [name, value] of Object.entries(optional)) if (value) Object.assign(record, { [name]: value });
  return record;
}

export interface NationalProgress {
  MaHoSo: string;
  NguoiXuLy: string;
  ChucDanh?: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: NationalState;
  /** The new date of return, when the step extended the deadline (with its apology letter). */
  NgayHenTraMoi?: string;
}

/** What each step is called in the progress the portal shows. */
const STEP_NAMES: Record<DossierEvent['type'], string> = {
  submit: 'Nộp hồ sơ',
  filesReceived: 'Nhận và kiểm tra tệp hồ sơ',
  receive: 'Tiếp nhận hồ sơ',
  refuse: 'Từ chối tiếp nhận hồ sơ',
  startProcessing: 'Chuyển xử lý',
  requestSupplement: 'Yêu cầu bổ sung hồ sơ',
  supplement: 'Công dân bổ sung hồ sơ',
  requestPayment: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  confirmPayment: 'Xác nhận đã nộp phí, lệ phí',
  paymentConfirmed: 'Đã thanh toán trực tuyến',
  transfer: 'Chuyển liên thông',
  returnFromTransfer: 'Trả kết quả liên thông',
  handoffDelivered: 'Đơn vị nhận hồ sơ liên thông',
  handoffFailed: 'Chuyển liên thông không thành công',
  externalProgress: 'Đơn vị ngoài hệ thống cập nhật tiến độ',
  withdraw: 'Công dân yêu cầu rút hồ sơ',
  stop: 'Dừng xử lý',
  complete: 'Hoàn thành xử lý',
  returnResult: 'Trả kết quả',
  extendDeadline: 'Gia hạn xử lý (văn bản xin lỗi)',
  rate: 'Công dân đánh giá mức độ hài lòng',
};

/** Who acted, as the portal names them: an officer by account, otherwise the system that acted. */
function handler(event: DossierEvent): string {
  if (event.actor.role === 'citizen') return 'Công dân';
  if (event.actor.role === 'system')
    return event.actor.sub.startsWith('integrator:') ? event.actor.sub.slice(11) : 'Hệ thống';
  return event.actor.sub;
}

/**
 * A step of a dossier's progress in the portal's shape (CapNhatTienDoHoSoMC), under the code
 * the portal knows the dossier by (its own, for a dossier it filed).
 */
export function nationalProgress(event: DossierEvent, unitName: string, code = event.code): NationalProgress {
  const note =
    typeof event.note === 'string' ? event.note : typeof event.data.note === 'string' ? event.data.note : '';
  const role = typeof event.data.ChucDanh === 'string' ? { ChucDanh: event.data.ChucDanh } : {};
  return {
    MaHoSo: code,
    NguoiXuLy: typeof event.data.NguoiXuLy === 'string' ? event.data.NguoiXuLy : handler(event),
    ...role,
    ThoiDiemXuLy: vietnamTime(event.at),
    PhongBanXuLy: unitName,
    NoiDungXuLy: note ? `${STEP_NAMES[event.type]}: ${note}` : STEP_NAMES[event.type],
    TrangThai: event.toState,
    ...(event.type === 'extendDeadline' && typeof event.data.newDueAt === 'string'
      ? { NgayHenTraMoi: vietnamTime(event.data.newDueAt) }
      : {}),
  };
}
