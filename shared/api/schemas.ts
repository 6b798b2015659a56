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
  origin: z.enum(['config', 'admin', 'national']).meta({
    description: 'Where its text came from: the province file, an administrator, or the national database',
  }),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
}).meta({ id: 'ProcedureView' });

export const ProcedurePage = z
  .object({
    items: z.array(ProcedureView),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'ProcedurePage' });

/** `POST /admin/catalog/sync`: show what the national database changes, and apply it when asked. */
export const CatalogSyncBody = z
  .strictObject({
    apply: z
      .boolean()
      .default(false)
      .meta({ description: 'Save the changes as new versions; without it, only show them' }),
  })
  .meta({ id: 'CatalogSyncInput' });

export const CatalogSyncView = z
  .object({
    checked: z.int(),
    changed: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        fromVersion: z.int(),
        toVersion: z.int().optional().meta({ description: 'The version saved, when applied' }),
        changes: z.array(
          z.object({
            field: z.enum(['name', 'processingDays', 'fees', 'components', 'level']),
            from: z.unknown(),
            to: z.unknown(),
          }),
        ),
      }),
    ),
    notListed: z.array(z.string()).meta({ description: 'Procedures the national database does not list' }),
    skipped: z.array(z.string()).meta({ description: 'Edited while the sync ran: left for the next run' }),
    applied: z.boolean(),
  })
  .meta({ id: 'CatalogSyncReport' });
