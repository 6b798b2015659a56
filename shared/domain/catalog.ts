import type { ExtensionRules } from './deadline.ts';
import type { FileType } from './files.ts';

/**
 * The catalog of administrative procedures (thủ tục hành chính) and the units that
 * handle them. Pure types and rules: no I/O.
 */

/** Mức độ dịch vụ công trực tuyến (Nghị định 42/2022/NĐ-CP). */
export type OnlineLevel = 'toan-trinh' | 'mot-phan';

export type UnitKind = 'province' | 'centre' | 'department' | 'commune' | 'office';

export interface Unit {
  /** Electronic agency code (QCVN 102), e.g. `000.00.14.H56`. */
  code: string;
  name: string;
  kind: UnitKind;
  /** Units outside this deployment are reached through connectors. */
  external?: boolean;
  disabled?: boolean;
  children?: Unit[];
  /** As stored in the catalog: the units above, nearest first. */
  ancestors?: string[];
}

/** Thành phần hồ sơ. */
export interface DossierComponent {
  id: string;
  name: string;
  mandatory: boolean;
  /** Needs a digitised copy (Thông tư 01/2023/TT-VPCP). */
  needsDigitised: boolean;
  copies?: number;
  /** File types accepted for it; PDF, JPEG and PNG when absent. */
  acceptedTypes?: FileType[];
  /** Largest file, in MB; 10 when absent. */
  maxSizeMb?: number;
}

export type FormFieldType = 'text' | 'date' | 'number' | 'boolean' | 'select';

export interface FormField {
  key: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  maxLength?: number;
  options?: { value: string; label: string }[];
}

export interface Fee {
  /** Amount in đồng; 0 when free. */
  amount: number;
  note?: string;
}

export interface Procedure {
  /** National procedure code, e.g. `1.001193`. */
  code: string;
  name: string;
  field: { code: string; name: string };
  level: OnlineLevel;
  receivingUnit: string;
  handlingUnits: string[];
  /** Legal processing time in working days; 0 means the same working day. */
  processingDays: number;
  /** Received at or after this hour (Asia/Ho_Chi_Minh) → counted from the next working day. */
  cutoffHour?: number;
  extensions?: ExtensionRules;
  /**
   * Working hours (8 a day) a unit has for its step when a dossier is transferred to it;
   * a unit not named gets a share of the total (see `stepAllowanceHours`).
   */
  stepHours?: Record<string, number>;
  fees: Fee[];
  components: DossierComponent[];
  formFields: FormField[];
  /**
   * Any one-stop centre of the province (a centre or a commune unit) may receive it, for any
   * commune: reception regardless of administrative boundaries (Nghị định 118/2025).
   */
  anyCentre?: boolean;
  /** Which unit decides a dossier, by the commune it belongs to. */
  routing?: Routing;
  /** Where the data was seen; `unconfirmed` marks demo values. */
  source?: string;
}

/** Every unit of a tree, depth first, parents before children. */
export function flattenUnits(units: readonly Unit[]): Unit[] {
  return units.flatMap((unit) => [unit, ...flattenUnits(unit.children ?? [])]);
}

/** Each unit's ancestors, nearest first (as the catalog stores them, for the indicators' roll-up). */
export function ancestorsOf(units: readonly Unit[], above: readonly string[] = []): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const unit of units) {
    found.set(unit.code, [...above]);
    for (const [code, ancestors] of ancestorsOf(unit.children ?? [], [unit.code, ...above]))
      found.set(code, ancestors);
  }
  return found;
}

/** The codes of a unit and of every unit below it. */
export function unitSubtree(units: readonly Unit[], code: string): string[] {
  const unit = flattenUnits(units).find((candidate) => candidate.code === code);
  return unit ? flattenUnits([unit]).map((member) => member.code) : [];
}

/**
 * The routing rule of a procedure: the commune a dossier belongs to (the applicant's, or the
 * place of the asset) is read from a select field of its form, and decides the competent unit.
 */
export interface Routing {
  by: 'applicant' | 'asset';
  /** The form field (a select of commune codes) naming the commune. */
  field: string;
  /** The competent unit of each commune, where it is not the commune's own unit. */
  units?: Record<string, string>;
}

/**
 * The unit competent to decide a dossier, by the procedure's routing rule and the commune its
 * form names: the unit the rule names for that commune, else the commune itself when it handles
 * the procedure; nothing when the procedure has no rule (its receiving unit decides).
 */
export function competentUnit(
  procedure: Pick<Procedure, 'routing' | 'handlingUnits'>,
  formData: Record<string, unknown>,
): string | undefined {
  if (!procedure.routing) return undefined;
  const commune = formData[procedure.routing.field];
  if (typeof commune !== 'string') return undefined;
  return (
    procedure.routing.units?.[commune] ?? (procedure.handlingUnits.includes(commune) ? commune : undefined)
  );
}

/** The kinds of unit that hold a one-stop desk. */
export const DESK_KINDS: readonly UnitKind[] = ['centre', 'commune'];

/**
 * Whether a unit may receive a procedure's dossiers at its desk: the procedure's receiving
 * unit, or, when any centre may receive it, any open unit that holds a one-stop desk.
 */
export function mayReceive(
  procedure: Pick<Procedure, 'receivingUnit' | 'anyCentre'>,
  unit: Pick<Unit, 'code' | 'kind' | 'disabled' | 'external'>,
): boolean {
  if (unit.code === procedure.receivingUnit) return true;
  return procedure.anyCentre === true && !unit.disabled && !unit.external && DESK_KINDS.includes(unit.kind);
}
