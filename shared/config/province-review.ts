import { localDate } from '../domain/calendar.ts';
import { flattenUnits, type Unit } from '../domain/catalog.ts';
import { DECISION_KEYS, DECISIONS, VALUE_DECISIONS } from './decisions.ts';
import type { Province } from './province.ts';

/**
 * What a province file still lacks or looks wrong in, beyond its schema: `missing` stops a
 * go-live (`npm run province -- check` exits 1, `deploy` does not start), `suspicious` is worth a
 * second look. In a demo file (`"demo": true`) what is still to decide is listed as `demo`: open,
 * and not stopping it. Pure.
 */
export interface Finding {
  level: 'missing' | 'demo' | 'suspicious';
  where: string;
  message: string;
}

/** The placeholder province group a new file starts with when none is named. */
export const PLACEHOLDER_CODE = 'H00';
/** The account a new file starts with: no AWS account has it. */
export const PLACEHOLDER_ACCOUNT = '000000000000';
/** How many days before a year its calendar not yet announced is worth a warning. */
export const CALENDAR_NOTICE_DAYS = 60;

export function reviewProvince(province: Province, today: Date): Finding[] {
  const toDecide = [...undecided(province), ...placeholders(province), ...calendarGaps(province, today)].map(
    (finding) =>
      province.demo && finding.level === 'missing' ? { ...finding, level: 'demo' as const } : finding,
  );
  return [
    ...toDecide,
    ...idleUnits(province),
    ...unservedProcedures(province),
    ...sameDayWithoutCutoff(province),
    ...deliveryGaps(province),
  ];
}

/**
 * Each decision the file does not record as taken, as missing: one still to decide, one not
 * recorded at all (a file whose list was deleted has decided nothing), and one recorded with
 * a value the file does not hold.
 */
function undecided(province: Province): Finding[] {
  return DECISION_KEYS.flatMap((key): Finding[] => {
    const where = `decisions.${key}`;
    const record = province.decisions[key];
    if (!record) return [{ level: 'missing', where, message: `not recorded as decided: ${DECISIONS[key]}` }];
    if ('toDecide' in record)
      return [{ level: 'missing', where, message: `still to decide: ${record.toDecide}` }];
    if (!(VALUE_DECISIONS as readonly string[]).includes(key)) return [];
    const held = province[key as (typeof VALUE_DECISIONS)[number]];
    if (record.value === held) return [];
    return [
      {
        level: 'missing',
        where,
        message:
          record.value === undefined
            ? `decided without its value: record the ${key} decided ("value")`
            : `records ${record.value} as decided, but the file's ${key} is ${held ?? 'not given'}`,
      },
    ];
  });
}

/**
 * What the data itself shows is still a new file's placeholder, whatever `decisions` says: the
 * province group H00, agency codes in it, the account of zeros or none, units still unnamed or
 * still exactly the template's four examples.
 */
function placeholders(province: Province): Finding[] {
  const findings: Finding[] = [];
  if (province.code === PLACEHOLDER_CODE)
    findings.push({
      level: 'missing',
      where: 'code',
      message: `${PLACEHOLDER_CODE} is the placeholder of a new file, not a province group`,
    });
  if (!province.account || province.account === PLACEHOLDER_ACCOUNT)
    findings.push({
      level: 'missing',
      where: 'account',
      message: province.account
        ? `${PLACEHOLDER_ACCOUNT} is the placeholder of a new file, not an AWS account`
        : 'no AWS account is named: deploy, diff and destroy need the one the province deploys to',
    });
  const units = flattenUnits(province.units);
  for (const unit of units) {
    const placeholderCode = unit.code.endsWith(`.${PLACEHOLDER_CODE}`);
    const unnamed = /\(tên [^)]*\)/.test(unit.name);
    if (placeholderCode || unnamed)
      findings.push({
        level: 'missing',
        where: `units: ${unit.code}`,
        message: unnamed
          ? `${unit.name} is an example of a new file: name the real unit`
          : `the agency code is in the placeholder group ${PLACEHOLDER_CODE}`,
      });
  }
  if (sameTree(province.units, exampleUnits(province)))
    findings.push({
      level: 'missing',
      where: 'units',
      message: 'the units are still the four examples of a new file',
    });
  return findings;
}

/** The units a new file of this name and code starts with (as `npm run province -- new` writes them). */
export function exampleUnits({ name, code }: Pick<Province, 'name' | 'code'>): Unit[] {
  const agency = (middle: string) => `000.${middle}.${code}`;
  return [
    {
      code: agency('00.00'),
      name: `Ủy ban nhân dân ${name}`,
      kind: 'province',
      children: [
        { code: agency('00.01'), name: `Trung tâm Phục vụ hành chính công ${name}`, kind: 'centre' },
        { code: agency('00.14'), name: 'Sở Tư pháp', kind: 'department' },
        { code: agency('01.01'), name: 'Ủy ban nhân dân phường (tên phường)', kind: 'commune' },
      ],
    },
  ];
}

const shape = (units: readonly Unit[]): string[] =>
  flattenUnits(units)
    .map((unit) => `${unit.code} ${unit.name}`)
    .sort();
const sameTree = (a: readonly Unit[], b: readonly Unit[]): boolean =>
  shape(a).join('\n') === shape(b).join('\n');

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

/**
 * The calendar as announced: this year's missing stops a go-live (its deadlines would run on the
 * provisional calendar generated from the Labour Code, which knows no bridge day or make-up
 * Saturday of the yearly notice); next year's, from 60 days before it starts, is worth a
 * warning (the notice usually comes in the autumn before).
 */
export function calendarGaps(province: Province, today: Date): Finding[] {
  const date = localDate(today);
  const year = Number(date.slice(0, 4));
  const daysToNext = (Date.parse(`${year + 1}-01-01`) - Date.parse(date)) / 86_400_000;
  const findings: Finding[] = [];
  if (!province.calendar[String(year)])
    findings.push({
      level: 'missing',
      where: `calendar.${year}`,
      message: `the holidays of ${year} are not announced in the file: its deadlines run on the provisional calendar generated from the Labour Code`,
    });
  if (daysToNext <= CALENDAR_NOTICE_DAYS && !province.calendar[String(year + 1)])
    findings.push({
      level: 'suspicious',
      where: `calendar.${year + 1}`,
      message: `the holidays of ${year + 1} are not announced in the file: from 1 January its deadlines run on the provisional calendar generated from the Labour Code; enter the yearly notice once published`,
    });
  return findings;
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
