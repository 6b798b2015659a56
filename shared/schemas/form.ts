import * as z from 'zod';
import type { FormField } from '../domain/catalog.ts';

/** The zod schema of a procedure's applicant form (tờ khai), built from its config. */
export function formSchema(fields: readonly FormField[]) {
  return z.strictObject(Object.fromEntries(fields.map((field) => [field.key, fieldSchema(field)])));
}

/**
 * A number a form may hold: what a count, an area or an amount can be, and nothing DynamoDB
 * could not keep exactly (integers past 2^53, magnitudes below 10^-130: nearer zero than
 * 0.000001 is refused).
 */
const FormNumber = z
  .number()
  .min(-Number.MAX_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER)
  .refine((value) => value === 0 || Math.abs(value) >= 1e-6, {
    message: 'too close to zero (below 0.000001)',
  });

function fieldSchema(field: FormField): z.ZodType {
  const schema = base(field);
  return field.required ? schema : schema.optional();
}

function base(field: FormField): z.ZodType {
  switch (field.type) {
    case 'text':
      return z
        .string()
        .trim()
        .min(1)
        .max(field.maxLength ?? 2000);
    case 'date':
      return z.iso.date();
    case 'number':
      return FormNumber;
    case 'boolean':
      return z.boolean();
    case 'select':
      return z.enum((field.options ?? []).map((option) => option.value) as [string, ...string[]]);
  }
}
