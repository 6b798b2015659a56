import type { DossierComponent, Fee, OnlineLevel, Procedure } from './catalog.ts';
import { canonicalJson } from './history.ts';

/**
 * The catalogue from the National Database on Administrative Procedures (CSDL quốc gia về
 * TTHC): a procedure as the database publishes it (`LayThuTuc`, field names as observed in
 * OpenCPS), what the national record decides of a province's procedure, and what changed. The
 * database decides the name, the legal time, the fees, the components and the online level;
 * the province keeps its receiving and handling units, routing, forms and step allowances.
 * Pure.
 */
export interface NationalProcedure {
  MaTTHC: string;
  TenTTHC: string;
  /** Legal time, in working days (0: the same day). */
  ThoiHanGiaiQuyet: number;
  /** `toan-trinh` or `mot-phan` (Nghị định 42/2022). */
  MucDo: OnlineLevel;
  PhiLePhi: { SoTien: number; MoTa?: string }[];
  ThanhPhanHoSo: { MaThanhPhan: string; TenThanhPhan: string; BatBuoc: boolean }[];
}

/** The fields the national record decides. */
export const NATIONAL_FIELDS = ['name', 'processingDays', 'fees', 'components', 'level'] as const;
export type NationalField = (typeof NATIONAL_FIELDS)[number];

export interface FieldChange {
  field: NationalField;
  from: unknown;
  to: unknown;
}

/**
 * The province's procedure with what the national record decides: a component the province
 * already had keeps its id and its own settings (digitised copy, types, size), with the
 * national name and whether it is mandatory; a new one is added as the database names it; one
 * the database no longer lists is dropped.
 */
export function fromNational(current: Procedure, national: NationalProcedure): Procedure {
  const components = national.ThanhPhanHoSo.map((part): DossierComponent => {
    const known = current.components.find((one) => one.id === part.MaThanhPhan);
    return {
      ...(known ?? { needsDigitised: true }),
      id: part.MaThanhPhan,
      name: part.TenThanhPhan,
      mandatory: part.BatBuoc,
    };
  });
  return {
    ...current,
    name: national.TenTTHC,
    processingDays: national.ThoiHanGiaiQuyet,
    level: national.MucDo,
    fees: national.PhiLePhi.map(
      (fee): Fee => ({ amount: fee.SoTien, ...(fee.MoTa ? { note: fee.MoTa } : {}) }),
    ),
    components,
  };
}

/** Equal in value, whatever the order of their keys (a stored map keeps none). */
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** What the national record changes of a procedure, field by field; nothing when it agrees. */
export function procedureChanges(current: Procedure, next: Procedure): FieldChange[] {
  return NATIONAL_FIELDS.flatMap((field) =>
    same(current[field], next[field]) ? [] : [{ field, from: current[field], to: next[field] }],
  );
}

/** A procedure of the province in the national shape (what the local stand-in of the database serves). */
export function asNational(procedure: Procedure): NationalProcedure {
  return {
    MaTTHC: procedure.code,
    TenTTHC: procedure.name,
    ThoiHanGiaiQuyet: procedure.processingDays,
    MucDo: procedure.level,
    PhiLePhi: procedure.fees.map((fee) => ({ SoTien: fee.amount, ...(fee.note ? { MoTa: fee.note } : {}) })),
    ThanhPhanHoSo: procedure.components.map((component) => ({
      MaThanhPhan: component.id,
      TenThanhPhan: component.name,
      BatBuoc: component.mandatory,
    })),
  };
}
