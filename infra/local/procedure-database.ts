import type { Procedure } from '../../shared/domain/catalog.ts';
import { asNational, type NationalProcedure } from '../../shared/domain/catalog-sync.ts';
import { type ControlRequest, json } from './controls.ts';
import type { GatewayResponse } from './events.ts';

/**
 * The National Database on Administrative Procedures' stand-in: the province's procedures as
 * the database would publish them (from the province file), and a way to change one, as the
 * ministry that owns it would, to watch the sync carry the change.
 *
 *   GET  /dev/tthc/LayThuTuc?MaTTHC=<code>   a procedure's national record (404 when not listed)
 *   POST /dev/tthc/procedures/<code>          merges the fields sent into its record
 */
export function procedureDatabaseStandIn(procedures: readonly Procedure[]) {
  const records = new Map<string, NationalProcedure>(procedures.map((one) => [one.code, asNational(one)]));
  return async (request: ControlRequest): Promise<GatewayResponse | undefined> => {
    if (request.path === '/dev/tthc/LayThuTuc' && request.method === 'GET') {
      const record = records.get(request.query.get('MaTTHC') ?? '');
      return record ? json(200, record) : json(404, { detail: 'the database lists no such procedure' });
    }
    const changed = /^\/dev\/tthc\/procedures\/([\d.]+)$/.exec(request.path);
    if (changed && request.method === 'POST') {
      const record = records.get(changed[1]!);
      if (!record) return json(404, { detail: 'the database lists no such procedure' });
      let patch: unknown;
      try {
        patch = JSON.parse(request.body.toString('utf8'));
      } catch {
        return json(400, { detail: 'the body is not JSON' });
      }
      if (!patch || typeof patch !== 'object' || Array.isArray(patch))
        return json(400, {
          detail: 'send the national fields to change, e.g. {"PhiLePhi":[{"SoTien":50000}]}',
        });
      const next = { ...record, ...(patch as Partial<NationalProcedure>), MaTTHC: record.MaTTHC };
      records.set(record.MaTTHC, next);
      return json(200, next);
    }
    return undefined;
  };
}
