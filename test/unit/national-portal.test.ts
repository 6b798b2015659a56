import { describe, expect, it } from 'vitest';
import type { DossierEvent } from '../../shared/domain/dossier-events.ts';
import {
  type DossierFacts,
  nationalDossier,
  nationalProgress,
  portalCode,
  vietnamTime,
} from '../../shared/domain/national-portal.ts';

const WARD = '000.02.30.H19';
const file = (fileName: string) => ({ fileName, size: 1024, sha256: `${fileName}-hash` });

/** A marriage-status dossier submitted, received, due, a supplement asked, a fee asked, resolved and returned. */
const facts = (
  dossier: Partial<DossierFacts['dossier']> = {},
  more: Partial<DossierFacts> = {},
): DossierFacts => ({
  dossier: {
    code: `${WARD}-261202-0001`,
    procedureCode: '1.004873',
    procedureName: 'Cấp giấy xác nhận tình trạng hôn nhân',
    ownerSub: 'citizen-1',
    receivingUnit: WARD,
    currentUnit: WARD,
    units: [WARD],
    state: 10,
    sub: 'none',
    version: 9,
    submittedAt: '2026-12-01T17:30:00.000Z',
    receivedAt: '2026-12-02T02:00:00.000Z',
    dueAt: '2026-12-05T10:00:00.000Z',
    endedAt: '2026-12-04T03:00:00.000Z',
    pausedDays: 0,
    supplementRequests: 0,
    hops: [],
    ...dossier,
  } as DossierFacts['dossier'],
  applicant: { kind: 'citizen', fullName: 'Nguyễn Thị Lan', email: 'lan@example.vn', phone: '+84912345678' },
  components: [
    { componentId: 'to-khai', files: [file('to-khai.pdf')] },
    { componentId: 'cccd', files: [file('cccd-truoc.jpg'), file('cccd-sau.jpg')] },
  ],
  field: { code: 'HT', name: 'Hộ tịch' },
  fees: [{ amount: 0 }, { amount: 8000, note: 'Lệ phí' }, { amount: 2000 }],
  unitName: 'UBND phường Biên Hòa',
  ...more,
});

describe('a dossier the portal filed itself', () => {
  const channel = { integrator: 'dvcqg', reference: 'G22.99-261201-0042' };

  it('is known by the portal’s code only when the portal’s own integrator filed it', () => {
    expect(portalCode({ channel }, 'dvcqg')).toBe('G22.99-261201-0042');
    expect(portalCode({ channel: { ...channel, integrator: 'kiosk' } }, 'dvcqg')).toBeUndefined();
    expect(portalCode({ channel }, undefined)).toBeUndefined();
    expect(portalCode({}, 'dvcqg')).toBeUndefined();
  });

  it('goes to the portal under that code, whole and in each step', () => {
    expect(nationalDossier(facts({}, { portalCode: channel.reference })).MaHoSo).toBe(channel.reference);
    expect(nationalDossier(facts()).MaHoSo).toBe(`${WARD}-261202-0001`);
  });
});

describe('a dossier in the national portal’s shape (DongBoHoSoMC)', () => {
  it('names the dossier, procedure, field and applicant, dated in Vietnam, in its state at the unit that has it', () => {
    expect(nationalDossier(facts())).toMatchObject({
      MaHoSo: `${WARD}-261202-0001`,
      MaTTHC: '1.004873',
      TenTTHC: 'Cấp giấy xác nhận tình trạng hôn nhân',
      MaLinhVuc: 'HT',
      TenLinhVuc: 'Hộ tịch',
      ChuHoSo: 'Nguyễn Thị Lan',
      LoaiDoiTuong: 1,
      Email: 'lan@example.vn',
      SoDienThoai: '+84912345678',
      TrichYeuHoSo: 'Cấp giấy xác nhận tình trạng hôn nhân',
      NgayNopHoSo: '2026-12-02T00:30:00+07:00',
      NgayTiepNhan: '2026-12-02T09:00:00+07:00',
      NgayHenTra: '2026-12-05T17:00:00+07:00',
      NgayTra: '2026-12-04T10:00:00+07:00',
      NgayKetThucXuLy: '2026-12-04T10:00:00+07:00',
      TrangThaiHoSo: 10,
      DonViXuLy: 'UBND phường Biên Hòa',
    });
  });

  it('counts a business as the second kind of applicant, and leaves out an email it was not given', () => {
    const record = nationalDossier(
      facts(
        {},
        { applicant: { kind: 'business', fullName: 'Công ty TNHH An Bình', phone: '+842513123456' } },
      ),
    );
    expect(record.LoaiDoiTuong).toBe(2);
    expect(record).not.toHaveProperty('Email');
  });

  it('lists every file of every component under its component, with size and hash', () => {
    expect(nationalDossier(facts()).TaiLieuNop).toEqual([
      {
        TenTepDinhKem: 'to-khai.pdf',
        MaThanhPhanHoSo: 'to-khai',
        KichThuoc: 1024,
        MaBamSHA256: 'to-khai.pdf-hash',
      },
      {
        TenTepDinhKem: 'cccd-truoc.jpg',
        MaThanhPhanHoSo: 'cccd',
        KichThuoc: 1024,
        MaBamSHA256: 'cccd-truoc.jpg-hash',
      },
      {
        TenTepDinhKem: 'cccd-sau.jpg',
        MaThanhPhanHoSo: 'cccd',
        KichThuoc: 1024,
        MaBamSHA256: 'cccd-sau.jpg-hash',
      },
    ]);
  });

  it('lists the fees that cost something, with their notes, then the amount the unit asked for', () => {
    expect(nationalDossier(facts()).DanhSachLePhi).toEqual([
      { SoTien: 8000, GhiChu: 'Lệ phí' },
      { SoTien: 2000 },
    ]);
    expect(nationalDossier(facts({ paymentAmount: 50000 })).DanhSachLePhi).toEqual([
      { SoTien: 8000, GhiChu: 'Lệ phí' },
      { SoTien: 2000 },
      { SoTien: 50000, GhiChu: 'Yêu cầu thực hiện nghĩa vụ tài chính' },
    ]);
  });

  it('gives the supplement asked for with when it was asked, and none when none was', () => {
    expect(nationalDossier(facts()).DanhSachHoSoBoSung).toEqual([]);
    expect(
      nationalDossier(facts({ supplementItems: ['Bản sao CCCD'], pausedAt: '2026-12-03T01:00:00.000Z' }))
        .DanhSachHoSoBoSung,
    ).toEqual([{ NgayYeuCau: '2026-12-03T08:00:00+07:00', NoiDung: ['Bản sao CCCD'] }]);
    expect(nationalDossier(facts({ supplementItems: ['Ảnh 4x6'] })).DanhSachHoSoBoSung).toEqual([
      { NoiDung: ['Ảnh 4x6'] },
    ]);
  });

  it('lists the results, its own and those an outside unit sent, without a component', () => {
    const record = nationalDossier(
      facts({
        resultFiles: [file('giay-xac-nhan.pdf')],
        externalResults: [{ files: [file('ket-qua-so.pdf'), file('phu-luc.pdf')] }],
      }),
    );
    expect(record.DanhSachGiayToKetQua).toEqual([
      { TenTepDinhKem: 'giay-xac-nhan.pdf', KichThuoc: 1024, MaBamSHA256: 'giay-xac-nhan.pdf-hash' },
      { TenTepDinhKem: 'ket-qua-so.pdf', KichThuoc: 1024, MaBamSHA256: 'ket-qua-so.pdf-hash' },
      { TenTepDinhKem: 'phu-luc.pdf', KichThuoc: 1024, MaBamSHA256: 'phu-luc.pdf-hash' },
    ]);
    expect(nationalDossier(facts()).DanhSachGiayToKetQua).toEqual([]);
  });

  it('gives the return date only once the result was returned, and leaves out the dates it does not have', () => {
    const resolved = nationalDossier(facts({ state: 9 }));
    expect(resolved.NgayKetThucXuLy).toBe('2026-12-04T10:00:00+07:00');
    expect(resolved).not.toHaveProperty('NgayTra');
    const fresh = nationalDossier(
      facts({ state: 1, receivedAt: undefined, dueAt: undefined, endedAt: undefined }),
    );
    for (const name of ['NgayTiepNhan', 'NgayHenTra', 'NgayTra', 'NgayKetThucXuLy'])
      expect(fresh, name).not.toHaveProperty(name);
  });
});

describe('how the result goes back (HinhThuc)', () => {
  it('is coded 1 online and 2 by post, unless the province gives the portal’s own codes', () => {
    expect(nationalDossier(facts()).HinhThuc).toBe(1);
    expect(nationalDossier(facts({}, { delivery: { method: 'online' } })).HinhThuc).toBe(1);
    expect(nationalDossier(facts({}, { delivery: { method: 'post' } })).HinhThuc).toBe(2);
    const own = { delivery: { method: 'post' as const }, returnCodes: { online: 3, post: 5 } };
    expect(nationalDossier(facts({}, own)).HinhThuc).toBe(5);
  });
});

describe('a step of progress in the national portal’s shape (CapNhatTienDoHoSoMC)', () => {
  const step = (more: Partial<DossierEvent> = {}): DossierEvent => ({
    seq: 4,
    eventId: 'e-4',
    code: `${WARD}-261202-0001`,
    type: 'receive',
    at: '2026-12-02T02:00:00.000Z',
    actor: { sub: 'can-bo-1', role: 'officer', unit: WARD },
    fromState: 1,
    toState: 2,
    toUnit: WARD,
    data: {},
    prevHash: 'a',
    hash: 'b',
    ...more,
  });

  it('names the officer by account, the step in Vietnamese, the unit, the time in Vietnam and the state it led to', () => {
    expect(nationalProgress(step(), 'UBND phường Biên Hòa')).toEqual({
      MaHoSo: `${WARD}-261202-0001`,
      NguoiXuLy: 'can-bo-1',
      ThoiDiemXuLy: '2026-12-02T09:00:00+07:00',
      PhongBanXuLy: 'UBND phường Biên Hòa',
      NoiDungXuLy: 'Tiếp nhận hồ sơ',
      TrangThai: 2,
    });
  });

  it('names a citizen as such, an integrator by its id, and another process as the system', () => {
    const by = (actor: DossierEvent['actor']) => nationalProgress(step({ actor }), 'x').NguoiXuLy;
    expect(by({ sub: 'citizen-1', role: 'citizen' })).toBe('Công dân');
    expect(by({ sub: 'integrator:vnpt-payments', role: 'system' })).toBe('vnpt-payments');
    expect(by({ sub: 'system:handoffs', role: 'system' })).toBe('Hệ thống');
  });

  it('adds the step’s note, from the entry or from its data, after the step’s name', () => {
    const complete = step({ type: 'complete', toState: 9 });
    expect(nationalProgress({ ...complete, note: 'đã ký' }, 'x').NoiDungXuLy).toBe('Hoàn thành xử lý: đã ký');
    // An extension says the new date of return, in Vietnam's time; no other step has one.
    const extended = step({
      type: 'extendDeadline',
      data: { newDueAt: '2026-12-09T10:00:00.000Z', reason: 'Chờ xác minh' },
    } as Partial<DossierEvent>);
    expect(nationalProgress(extended, 'x').NgayHenTraMoi).toBe('2026-12-09T17:00:00+07:00');
    expect(nationalProgress(complete, 'x')).not.toHaveProperty('NgayHenTraMoi');
    const elsewhere = step({
      type: 'complete',
      data: { newDueAt: '2026-12-09T10:00:00.000Z' },
    } as Partial<DossierEvent>);
    expect(nationalProgress(elsewhere, 'x')).not.toHaveProperty('NgayHenTraMoi');
    const undated = step({
      type: 'extendDeadline',
      data: { reason: 'Chờ xác minh' },
    } as Partial<DossierEvent>);
    expect(nationalProgress(undated, 'x')).not.toHaveProperty('NgayHenTraMoi');
    // Under the code the portal knows the dossier by, when it is the portal's own.
    expect(nationalProgress(complete, 'x', 'G22.99-261201-0042').MaHoSo).toBe('G22.99-261201-0042');
    expect(nationalProgress(complete, 'x').MaHoSo).toBe(complete.code);
    expect(nationalProgress({ ...complete, data: { note: 'ký số' } }, 'x').NoiDungXuLy).toBe(
      'Hoàn thành xử lý: ký số',
    );
    expect(nationalProgress({ ...complete, data: { note: 42 } }, 'x').NoiDungXuLy).toBe('Hoàn thành xử lý');
  });

  it('takes the handler and their title an outside unit reported, when it reported them', () => {
    const reported = step({
      type: 'externalProgress',
      actor: { sub: 'integrator:so-tu-phap', role: 'system' },
      data: { NguoiXuLy: 'Trần Văn Bình', ChucDanh: 'Chuyên viên' },
    });
    expect(nationalProgress(reported, 'Sở Tư pháp')).toMatchObject({
      NguoiXuLy: 'Trần Văn Bình',
      ChucDanh: 'Chuyên viên',
      NoiDungXuLy: 'Đơn vị ngoài hệ thống cập nhật tiến độ',
    });
    const unnamed = nationalProgress(step({ data: { NguoiXuLy: 7, ChucDanh: 7 } }), 'x');
    expect(unnamed.NguoiXuLy).toBe('can-bo-1');
    expect(unnamed).not.toHaveProperty('ChucDanh');
  });

  it('keeps +07:00 all year, across the turn of a day and of a year', () => {
    expect(vietnamTime('2026-12-31T17:00:00.000Z')).toBe('2027-01-01T00:00:00+07:00');
    expect(vietnamTime('2026-06-15T16:59:59.000Z')).toBe('2026-06-15T23:59:59+07:00');
  });
});
