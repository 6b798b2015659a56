import * as z from 'zod';
import type { NationalProcedure } from '../domain/catalog-sync.ts';
import { connectorSettings } from './settings.ts';
import { signedGet } from './signed-post.ts';

/**
 * The National Database on Administrative Procedures (`connectors.procedureDatabase`): one
 * procedure as it publishes it (`LayThuTuc?MaTTHC=`), asked with a signed GET. Its answer is
 * checked: a record that is not the procedure asked for, or not in its shape, is an error of
 * the database, never applied.
 */
const NationalRecord = z.object({
  MaTTHC: z.string(),
  TenTTHC: z.string().trim().min(1).max(500),
  ThoiHanGiaiQuyet: z.int().min(0).max(365),
  MucDo: z.enum(['toan-trinh', 'mot-phan']),
  PhiLePhi: z.array(z.object({ SoTien: z.int().min(0), MoTa: z.string().max(500).optional() })).max(20),
  ThanhPhanHoSo: z
    .array(
      z.object({
        MaThanhPhan: z
          .string()
          .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
          .max(64),
        TenThanhPhan: z.string().trim().min(1).max(500),
        BatBuoc: z.boolean(),
      }),
    )
    .max(50),
});

export const hasProcedureDatabase = (): boolean => Boolean(connectorSettings().procedureDatabase);

/** The national record of a procedure, or nothing when the database does not list it. */
export async function nationalProcedure(code: string): Promise<NationalProcedure | undefined> {
  const database = connectorSettings().procedureDatabase;
  if (!database) throw new Error('the province has no procedure database connector');
  const url = new URL('LayThuTuc', database.url.endsWith('/') ? database.url : `${database.url}/`);
  url.searchParams.set('MaTTHC', code);
  const fetched = await signedGet(url.toString());
  if (!fetched.ok) {
    if (fetched.error === 'answered 404') return undefined;
    throw new Error(`the procedure database, for ${code}: ${fetched.error}`);
  }
  const record = NationalRecord.safeParse(JSON.parse(fetched.bytes.toString('utf8')));
  if (!record.success)
    throw new Error(`the procedure database sent ${code} in another shape: ${record.error.message}`);
  if (record.data.MaTTHC !== code)
    throw new Error(`the procedure database answered ${record.data.MaTTHC} for ${code}`);
  return record.data;
}
