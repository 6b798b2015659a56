import * as z from 'zod';
import { AgencyCode, ProcedureCode, ProcedureFields } from '../schemas/catalog.ts';

export const HealthResponse = z
  .object({
    status: z.literal('ok'),
    province: z.string(),
    time: z.iso.datetime(),
  })
  .meta({ id: 'Health' });

export const ProcedureParams = z.strictObject({ code: ProcedureCode });

export const ProcedureListQuery = z.strictObject({
  field: z.string().max(64).optional().meta({ description: 'Field (lĩnh vực) code, e.g. ho-tich' }),
  unit: AgencyCode.optional().meta({ description: 'Receiving or handling unit' }),
  level: z.enum(['toan-trinh', 'mot-phan']).optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const ProcedureView = ProcedureFields.extend({
  code: ProcedureCode,
  version: z.int().min(1),
  origin: z.enum(['config', 'admin']),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
}).meta({ id: 'ProcedureView' });

export const ProcedurePage = z
  .object({
    items: z.array(ProcedureView),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'ProcedurePage' });
