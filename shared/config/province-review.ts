import { flattenUnits } from '../domain/catalog.ts';
import type { Province } from './province.ts';

/**
 * What a province file still lacks or looks wrong in, beyond its schema: `missing` stops a
 * go-live (`npm run province -- check` exits 1), `suspicious` is worth a second look. Pure.
 */
export interface Finding {
  level: 'missing' | 'suspicious';
  where: string;
  message: string;
}

export function reviewProvince(province: Province, today: Date): Finding[] {
  return [
    ...openDecisions(province),
    ...idleUnits(province),
    ...unservedProcedures(province),
    ...calendarGaps(province, today),
    ...sameDayWithoutCutoff(province),
    ...deliveryGaps(province),
  ];
}

function openDecisions(province: Province): Finding[] {
  return (province.decisions ?? []).map((decision, at) => ({
    level: 'missing',
    where: `decisions[${at}]`,
    message: `still to decide: ${decision}`,
  }));
}

/** Open units of the province where no procedure is received or handled: no officer there has work. */
function idleUnits(province: Province): Finding[] {
  const busy = new Set(
    province.procedures.flatMap((procedure) => [procedure.receivingUnit, ...procedure.handlingUnits]),
  );
  return flattenUnits(province.units)
    .filter((unit) => unit.kind !== 'province' && !unit.external && !unit.disabled && !busy.has(unit.code))
    .map((unit) => ({
      level: 'suspicious',
      where: `units: ${unit.code}`,
      message: `${unit.name} receives and handles no procedure: its officers would have nothing to do`,
    }));
}

/** Procedures that a closed unit receives, or whose every handling unit is closed or outside. */
function unservedProcedures(province: Province): Finding[] {
  const units = new Map(flattenUnits(province.units).map((unit) => [unit.code, unit]));
  return province.procedures.flatMap((procedure, at) => {
    const findings: Finding[] = [];
    if (units.get(procedure.receivingUnit)?.disabled)
      findings.push({
        level: 'missing',
        where: `procedures[${at}].receivingUnit`,
        message: `${procedure.code} is received by a closed unit (${procedure.receivingUnit})`,
      });
    const open = procedure.handlingUnits.filter(
      (code) => !units.get(code)?.disabled && !units.get(code)?.external,
    );
    if (open.length === 0)
      findings.push({
        level: 'missing',
        where: `procedures[${at}].handlingUnits`,
        message: `${procedure.code} has no open handling unit of the province`,
      });
    return findings;
  });
}

/** The years of the coming twelve months whose holidays the file does not give. */
function calendarGaps(province: Province, today: Date): Finding[] {
  const year = today.getUTCFullYear();
  const ahead = new Date(today.getTime() + 365 * 86_400_000).getUTCFullYear();
  const years = year === ahead ? [year] : [year, ahead];
  return years
    .filter((wanted) => !province.calendar[String(wanted)])
    .map((wanted) => ({
      level: wanted === year ? 'missing' : 'suspicious',
      where: `calendar.${wanted}`,
      message: `the holidays of ${wanted} are not given: deadlines falling then would count them as working days`,
    }));
}

/** "Same day" procedures need the cut-off hour after which a dossier counts from the next working day. */
function sameDayWithoutCutoff(province: Province): Finding[] {
  return province.procedures.flatMap((procedure, at) =>
    procedure.processingDays === 0 && procedure.cutoffHour === undefined
      ? [
          {
            level: 'suspicious' as const,
            where: `procedures[${at}].cutoffHour`,
            message: `${procedure.code} is done the same day but has no cut-off hour (15 in most provinces)`,
          },
        ]
      : [],
  );
}

function deliveryGaps(province: Province): Finding[] {
  const findings: Finding[] = [];
  if (province.webOrigins.length === 0)
    findings.push({
      level: 'suspicious',
      where: 'webOrigins',
      message: 'no portal is named: no web page may upload files to the bucket',
    });
  if (!province.notifyFromEmail)
    findings.push({
      level: 'suspicious',
      where: 'notifyFromEmail',
      message: `email goes from no-reply@${province.id}.motcua.vn, a domain the province must verify in SES`,
    });
  return findings;
}
