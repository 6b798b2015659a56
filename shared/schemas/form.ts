import * as z from 'zod';
import type { FormField } from '../domain/catalog.ts';

/** The zod schema of a procedure's applicant form (tờ khai), built from its config. */
export function formSchema(fields: readonly FormField[]) {
  return z.strictObject(Object.fromEntries(fields.map((field) => [field.key, fieldSchema(field)])));
}

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
      return z.number().finite();
    case 'boolean':
      return z.boolean();
    case 'select':
      return z.enum((field.options ?? []).map((option) => option.value) as [string, ...string[]]);
  }
}
