import type { Procedure } from '../domain/catalog.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { getProcedure, type ProcedureRecord, saveProcedure, unknownUnits } from '../persistence/catalog.ts';

export async function readProcedure(code: string): Promise<ProcedureRecord> {
  const procedure = await getProcedure(code);
  if (!procedure)
    throw notFound({ vi: `Không có thủ tục mã ${code}.`, en: `No procedure has the code ${code}.` });
  return procedure;
}

/** Cập nhật thủ tục: the units it names must be units of the province. */
export async function replaceProcedure(
  procedure: Procedure,
  actor: string,
  now: Date,
  expectedVersion?: number,
): Promise<ProcedureRecord> {
  const stepUnits = Object.keys(procedure.stepHours ?? {});
  const unknown = new Set(
    await unknownUnits([procedure.receivingUnit, ...procedure.handlingUnits, ...stepUnits]),
  );
  const issues = [
    ...(unknown.has(procedure.receivingUnit)
      ? [{ path: 'body.receivingUnit', code: procedure.receivingUnit }]
      : []),
    ...procedure.handlingUnits.flatMap((code, at) =>
      unknown.has(code) ? [{ path: `body.handlingUnits[${at}]`, code }] : [],
    ),
    ...stepUnits.flatMap((code) => (unknown.has(code) ? [{ path: `body.stepHours.${code}`, code }] : [])),
  ].map(({ path, code }) => ({
    path,
    code: 'unknown_unit',
    message: { vi: `${code} không phải đơn vị của tỉnh`, en: `${code} is not a unit of this province` },
  }));
  if (issues.length)
    throw invalid(
      {
        vi: 'Thủ tục nêu đơn vị không thuộc tỉnh.',
        en: 'The procedure names units this province does not have.',
      },
      issues,
    );
  return saveProcedure(procedure, actor, now, expectedVersion);
}
