import * as z from 'zod';

/**
 * The national public service portal's shapes as the domain notes give them (DongBoHoSoMC's
 * dossier, CapNhatTienDoHoSoMC's progress): written apart from the code that fills them, so
 * that a field misnamed or mistyped there shows here. Dates are in Asia/Ho_Chi_Minh.
 */
const VietnamTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/, 'a date-time at +07:00');
const State = z.int().min(1).max(10);
const File = z.strictObject({
  TenTepDinhKem: z.string().min(1),
  MaThanhPhanHoSo: z.string().min(1).optional(),
  KichThuoc: z.int().min(0),
  MaBamSHA256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const NationalDossier = z.strictObject({
  MaHoSo: z.string().regex(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$/),
  MaTTHC: z.string().min(1),
  TenTTHC: z.string().min(1),
  MaLinhVuc: z.string(),
  TenLinhVuc: z.string(),
  ChuHoSo: z.string().min(1),
  LoaiDoiTuong: z.union([z.literal(1), z.literal(2)]),
  Email: z.email().optional(),
  SoDienThoai: z.string().min(9),
  TrichYeuHoSo: z.string().min(1),
  NgayNopHoSo: VietnamTime,
  NgayTiepNhan: VietnamTime.optional(),
  NgayHenTra: VietnamTime.optional(),
  TrangThaiHoSo: State,
  NgayTra: VietnamTime.optional(),
  NgayKetThucXuLy: VietnamTime.optional(),
  DonViXuLy: z.string().min(1),
  TaiLieuNop: z.array(File),
  DanhSachLePhi: z.array(z.strictObject({ SoTien: z.int().min(0), GhiChu: z.string().optional() })),
  DanhSachHoSoBoSung: z.array(
    z.strictObject({ NgayYeuCau: VietnamTime.optional(), NoiDung: z.array(z.string()) }),
  ),
  DanhSachGiayToKetQua: z.array(File),
});

export const NationalProgress = z.strictObject({
  MaHoSo: z.string().min(1),
  NguoiXuLy: z.string().min(1),
  ChucDanh: z.string().optional(),
  ThoiDiemXuLy: VietnamTime,
  PhongBanXuLy: z.string().min(1),
  NoiDungXuLy: z.string().min(1),
  TrangThai: State,
  HoSo: NationalDossier,
});
