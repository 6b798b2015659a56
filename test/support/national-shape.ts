import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { Json } from './json.ts';

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
  // The local code (000.02.30.H19-261207-0001), or the portal’s own for a dossier it filed.
  MaHoSo: z.string().min(1).max(60),
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
  HinhThuc: z.int().min(0),
});

export const NationalProgress = z.strictObject({
  MaHoSo: z.string().min(1),
  NguoiXuLy: z.string().min(1),
  ChucDanh: z.string().optional(),
  ThoiDiemXuLy: VietnamTime,
  PhongBanXuLy: z.string().min(1),
  NoiDungXuLy: z.string().min(1),
  TrangThai: State,
  NgayHenTraMoi: VietnamTime.optional(),
  HoSo: NationalDossier,
});

/** A marriage status application as the national portal sends it (DongBoHoSoMC's fields). */
export const portalFiling = (overrides: Record<string, unknown> = {}) => ({
  MaHoSo: `G22.99-${randomUUID().slice(0, 8)}`,
  MaTTHC: '1.004873',
  LoaiDoiTuong: 1,
  ChuHoSo: 'Trần Văn Bình',
  SoGiayToChuHoSo: '075190004321',
  NgaySinh: '1988-02-29',
  DiaChiChuHoSo: 'Số 3, đường Phan Chu Trinh, phường Biên Hòa, tỉnh Đồng Nai',
  SoDienThoai: '0987654321',
  DuLieuBieuMau: { purpose: 'Đăng ký kết hôn', previousMarriage: false },
  TaiLieuNop: [
    {
      MaThanhPhanHoSo: 'to-khai',
      TepDinhKem: [
        {
          TenTepDinhKem: 'to-khai.pdf',
          DuongDanTaiTepTin: 'https://dichvucong.gov.vn/files/to-khai.pdf',
          KichThuoc: 48213,
          MaBamSHA256: 'a'.repeat(64),
        },
      ],
    },
  ],
  ...overrides,
});

/** A small PDF, as the portal's stand-in serves it. */
export const SMALL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

/**
 * A marriage status application as the portal's stand-in takes it to hand over: each file's
 * bytes in base64 (`NoiDung`); the stand-in serves them and names them by address.
 */
export const standInFiling = (
  files: { name?: string; bytes?: Buffer; component?: string; declared?: Record<string, unknown> }[] = [{}],
  overrides: Record<string, unknown> = {},
) => {
  const byComponent = Map.groupBy(files, (file) => file.component ?? 'to-khai');
  return portalFiling({
    TaiLieuNop: [...byComponent].map(([component, held]) => ({
      MaThanhPhanHoSo: component,
      TepDinhKem: held.map((file, index) => ({
        TenTepDinhKem: file.name ?? `${component}-${index + 1}.pdf`,
        NoiDung: (file.bytes ?? SMALL_PDF).toString('base64'),
        ...file.declared,
      })),
    })),
    ...overrides,
  });
};

/** Has the portal's stand-in hand a dossier over (it files it, or feeds it in pull mode). */
export async function handOver(
  api: { url: string },
  filing: Record<string, unknown>,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${api.url}/dev/portal/dossiers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(filing),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

/** Has the portal's stand-in hold files and name them by address, without handing anything over. */
export async function servedBy(api: { url: string }, components: unknown[]): Promise<Json[]> {
  const response = await fetch(`${api.url}/dev/portal/files`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ TaiLieuNop: components }),
  });
  if (response.status !== 200) throw new Error(`the stand-in answered ${response.status}`);
  return ((await response.json()) as { TaiLieuNop: Json[] }).TaiLieuNop;
}
