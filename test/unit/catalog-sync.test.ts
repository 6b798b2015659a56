import { describe, expect, it } from 'vitest';
import { reportLines } from '../../infra/ops/catalog-sync.ts';
import type { Procedure } from '../../shared/domain/catalog.ts';
import { asNational, fromNational, procedureChanges } from '../../shared/domain/catalog-sync.ts';

const procedure: Procedure = {
  code: '1.004873',
  name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
  field: { code: 'ho-tich', name: 'Hộ tịch' },
  level: 'toan-trinh',
  receivingUnit: '000.02.30.H19',
  handlingUnits: ['000.02.30.H19'],
  processingDays: 3,
  fees: [{ amount: 0, note: 'Miễn' }],
  components: [
    {
      id: 'to-khai',
      name: 'Tờ khai',
      mandatory: true,
      needsDigitised: true,
      acceptedTypes: ['application/pdf'],
    },
    { id: 'uy-quyen', name: 'Văn bản ủy quyền', mandatory: false, needsDigitised: false },
  ],
  formFields: [{ key: 'purpose', label: 'Mục đích', type: 'text', required: true }],
  stepHours: { '000.02.30.H19': 8 },
};

describe('the national record of a procedure', () => {
  it('changes nothing when it says what the province has', () => {
    expect(procedureChanges(procedure, fromNational(procedure, asNational(procedure)))).toEqual([]);
  });

  it('decides the name, legal time, level and fees; the province keeps its units, forms and allowances', () => {
    const national = {
      ...asNational(procedure),
      TenTTHC: 'Tên mới',
      ThoiHanGiaiQuyet: 5,
      MucDo: 'mot-phan' as const,
      PhiLePhi: [{ SoTien: 30_000 }],
    };
    const next = fromNational(procedure, national);
    expect(next).toMatchObject({
      name: 'Tên mới',
      processingDays: 5,
      level: 'mot-phan',
      fees: [{ amount: 30_000 }],
    });
    expect(next.fees[0]).not.toHaveProperty('note');
    expect(next).toMatchObject({
      receivingUnit: procedure.receivingUnit,
      handlingUnits: procedure.handlingUnits,
      formFields: procedure.formFields,
      stepHours: procedure.stepHours,
    });
    expect(procedureChanges(procedure, next).map((change) => change.field)).toEqual([
      'name',
      'processingDays',
      'fees',
      'level',
    ]);
  });

  it('keeps a known component’s own settings, adds a new one to digitise, and drops one no longer listed', () => {
    const next = fromNational(procedure, {
      ...asNational(procedure),
      ThanhPhanHoSo: [
        { MaThanhPhan: 'to-khai', TenThanhPhan: 'Tờ khai (mẫu mới)', BatBuoc: false },
        { MaThanhPhan: 'anh', TenThanhPhan: 'Ảnh 4x6', BatBuoc: true },
      ],
    });
    expect(next.components).toEqual([
      {
        id: 'to-khai',
        name: 'Tờ khai (mẫu mới)',
        mandatory: false,
        needsDigitised: true,
        acceptedTypes: ['application/pdf'],
      },
      { id: 'anh', name: 'Ảnh 4x6', mandatory: true, needsDigitised: true },
    ]);
    expect(procedureChanges(procedure, next)).toEqual([
      { field: 'components', from: procedure.components, to: next.components },
    ]);
  });

  it('is compared by value, whatever the order of keys a stored map comes back in', () => {
    const stored = { ...procedure, fees: [{ note: 'Miễn', amount: 0 }] as Procedure['fees'] };
    expect(procedureChanges(stored, procedure)).toEqual([]);
  });
});

describe('a sync’s report, as the operator reads it', () => {
  it('names each changed procedure, its versions and each field, and what was left', () => {
    expect(
      reportLines({
        checked: 8,
        changed: [
          {
            code: '1.004873',
            name: 'Tên',
            fromVersion: 1,
            toVersion: 2,
            changes: [{ field: 'processingDays', from: 3, to: 5 }],
          },
        ],
        notListed: ['9.999999'],
        skipped: ['2.000635'],
        applied: true,
      }),
    ).toEqual([
      '8 procedures read in the national database; 1 changed, saved as new versions.',
      '1.004873 Tên (version 1 → 2)',
      '  processingDays: 3 → 5',
      'not listed nationally: 9.999999',
      'edited meanwhile, left for the next run: 2.000635',
    ]);
  });
});
