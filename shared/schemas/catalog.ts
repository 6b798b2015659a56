import * as z from 'zod';
import { AgencyCode, PROCEDURE_CODE } from '../domain/codes.ts';
import { FILE_TYPES } from '../domain/files.ts';

export { AgencyCode };

export const ProcedureCode = z
  .string()
  .regex(PROCEDURE_CODE, 'must be a national procedure code, e.g. 1.001193')
  .meta({ example: '1.001193' });

const Slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens');
const Text = z.string().trim().min(1).max(500);

export const DossierComponentSchema = z.strictObject({
  id: Slug.max(64),
  name: Text,
  mandatory: z.boolean(),
  needsDigitised: z.boolean(),
  copies: z.int().min(1).max(20).optional(),
  acceptedTypes: z.array(z.enum(FILE_TYPES)).min(1).optional(),
  maxSizeMb: z.int().min(1).max(10).optional(),
});

export const FormFieldSchema = z
  .strictObject({
    key: z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/, 'must be a camelCase identifier'),
    label: Text,
    type: z.enum(['text', 'date', 'number', 'boolean', 'select']),
    required: z.boolean(),
    maxLength: z.int().min(1).max(10_000).optional(),
    options: z
      .array(z.strictObject({ value: z.string().min(1).max(100), label: Text }))
      .min(1)
      .optional(),
  })
  .refine((field) => (field.type === 'select') === (field.options !== undefined), {
    message: 'options are required for a select field and allowed only there',
    path: ['options'],
  });

export const FeeSchema = z.strictObject({
  amount: z.int().min(0).max(1_000_000_000),
  note: Text.optional(),
});

/** A procedure as an administrator edits it: everything but its code. */
export const ProcedureFields = z.strictObject({
  name: Text,
  field: z.strictObject({ code: Slug.max(64), name: Text }),
  level: z.enum(['toan-trinh', 'mot-phan']),
  receivingUnit: AgencyCode,
  handlingUnits: z.array(AgencyCode).min(1).max(20),
  processingDays: z.int().min(0).max(365),
  cutoffHour: z.int().min(0).max(23).optional(),
  /** Apology and extension letters allowed (văn bản xin lỗi và đề nghị gia hạn); one by default. */
  extensions: z
    .strictObject({ maxTimes: z.int().min(0).max(5), maxWorkingDays: z.int().min(1).max(365) })
    .optional(),
  /** Working hours (8 a day) each unit has for its step when a dossier is transferred to it. */
  stepHours: z.record(AgencyCode, z.int().min(1).max(2920)).optional(),
  fees: z.array(FeeSchema).max(20),
  components: z.array(DossierComponentSchema).max(50),
  formFields: z.array(FormFieldSchema).max(100),
  /** Any one-stop centre may receive it, for any commune (Nghị định 118/2025). */
  anyCentre: z.boolean().optional(),
  /** Which unit decides a dossier: by the commune a select field of the form names. */
  routing: z
    .strictObject({
      by: z.enum(['applicant', 'asset']),
      field: z.string().min(1).max(64),
      units: z.record(AgencyCode, AgencyCode).optional(),
    })
    .optional(),
  source: z.string().max(500).optional(),
});

type ProcedureFieldsInput = z.infer<typeof ProcedureFields>;

function uniqueParts(procedure: ProcedureFieldsInput, ctx: z.RefinementCtx): void {
  duplicates(procedure.components.map((component) => component.id)).forEach((index) => {
    ctx.addIssue({ code: 'custom', message: 'duplicate component id', path: ['components', index, 'id'] });
  });
  duplicates(procedure.formFields.map((field) => field.key)).forEach((index) => {
    ctx.addIssue({ code: 'custom', message: 'duplicate form field key', path: ['formFields', index, 'key'] });
  });
  routedEverywhere(procedure, ctx);
}

/** A routing rule reads a select field of the form, and each of its communes has a competent unit. */
function routedEverywhere(procedure: ProcedureFieldsInput, ctx: z.RefinementCtx): void {
  const { routing } = procedure;
  if (!routing) return;
  const field = procedure.formFields.find((one) => one.key === routing.field);
  if (field?.type !== 'select') {
    ctx.addIssue({
      code: 'custom',
      message: 'must name a select field of the form',
      path: ['routing', 'field'],
    });
    return;
  }
  for (const option of field.options ?? []) {
    const unit = routing.units?.[option.value] ?? option.value;
    if (!procedure.handlingUnits.includes(unit))
      ctx.addIssue({
        code: 'custom',
        message: `the commune ${option.value} leads to ${unit}, which does not handle the procedure`,
        path: ['routing', 'units', option.value],
      });
  }
}

export const ProcedureBody = ProcedureFields.superRefine(uniqueParts).meta({ id: 'ProcedureInput' });

export const ProcedureSchema = ProcedureFields.extend({ code: ProcedureCode })
  .superRefine(uniqueParts)
  .meta({ id: 'Procedure' });

export type ProcedureInput = z.infer<typeof ProcedureBody>;

/** Indexes of the values that already appeared earlier in the list. */
export function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  return values.flatMap((value, index) => {
    if (seen.has(value)) return [index];
    seen.add(value);
    return [];
  });
}
