import type { Schema } from './openapi.ts';
import type { Random } from './random.ts';

/** What the generator knows of the prepared data, so that generated values reach real records. */
export interface Knowledge {
  /** Real strings (codes, ids, secrets); a string schema takes one that fits it, most of the time. */
  strings: readonly string[];
  /** Cursors real answers gave out, to edit into forged ones. */
  cursors: readonly string[];
  /**
   * Whole values by property name (an applicant, form data), known to pass the checks no
   * schema states; `SubmitDossier.components` names a property of that component only.
   */
  byName: Readonly<Record<string, (random: Random, where: Where) => unknown>>;
}

/** The request a value is for: its route template, and the unit of whoever sends it. */
export interface Where {
  path: string;
  /** The unit an officer's token names. */
  unit?: string;
}

export interface Generator {
  random: Random;
  resolve(schema: Schema): Schema;
  knowledge: Knowledge;
  where: Where;
}

/** Vietnamese text in NFC, as a citizen would type it. */
const PHRASES = [
  'Đăng ký kết hôn',
  'Hồ sơ đủ điều kiện',
  'Bổ sung bản sao giấy khai sinh',
  'Nguyễn Thị Hoà',
  'Số 12, đường Võ Thị Sáu, phường Trấn Biên',
  'Chuyển phòng Tư pháp thẩm định',
  'Đã cấp giấy xác nhận',
  'Công dân xin rút hồ sơ',
];

/** Where a value sits: its property name, and the named schema of the document it is part of. */
export interface Place {
  name?: string;
  within?: string;
}

/** A value the schema accepts, preferring what the knowledge says is real. */
export function sample(schema: Schema, generator: Generator, place: Place = {}): unknown {
  const resolved = generator.resolve(schema);
  const here = schema.$ref ? { ...place, within: schema.$ref.split('/').pop() } : place;
  const known = knownAt(generator.knowledge, here);
  if (known && generator.random.chance(0.8)) return known(generator.random, generator.where);
  if (resolved.const !== undefined) return resolved.const;
  if (resolved.enum) return generator.random.pick(resolved.enum);
  const choices = resolved.oneOf ?? resolved.anyOf;
  if (choices) return sample(generator.random.pick(choices), generator, here);
  if (resolved.allOf)
    return Object.assign({}, ...resolved.allOf.map((part) => sample(part, generator, here)));
  switch (typeOf(resolved)) {
    case 'object':
      return sampleObject(resolved, generator, here.within);
    case 'array':
      return sampleArray(resolved, generator, here);
    case 'string':
      return sampleString(resolved, generator);
    case 'integer':
      return sampleNumber(resolved, generator, true);
    case 'number':
      return sampleNumber(resolved, generator, false);
    case 'boolean':
      return generator.random.chance(0.5);
    case 'null':
      return null;
    default:
      // `{}` accepts anything: a small JSON value will do.
      return generator.random.pick([1, 'một', true, null, { a: 1 }]);
  }
}

function typeOf(schema: Schema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== 'null') ?? 'null';
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function knownAt(knowledge: Knowledge, { name, within }: Place) {
  if (!name) return undefined;
  return (within ? knowledge.byName[`${within}.${name}`] : undefined) ?? knowledge.byName[name];
}

function sampleObject(schema: Schema, generator: Generator, within?: string): Record<string, unknown> {
  const required = new Set(schema.required ?? []);
  const value: Record<string, unknown> = {};
  for (const [property, child] of Object.entries(schema.properties ?? {})) {
    if (required.has(property) || generator.random.chance(0.5))
      value[property] = sample(child, generator, { name: property, within });
  }
  // A record (`additionalProperties: {schema}`): a couple of entries named by real values.
  if (typeof schema.additionalProperties === 'object') {
    for (let entry = generator.random.int(3); entry > 0; entry--) {
      const key = generator.random.pick(generator.knowledge.strings);
      value[key] = sample(schema.additionalProperties, generator);
    }
  }
  return value;
}

function sampleArray(schema: Schema, generator: Generator, { name, within }: Place): unknown[] {
  const low = schema.minItems ?? 0;
  const high = Math.min(schema.maxItems ?? low + 2, low + 2);
  const length = generator.random.between(low, high);
  const items = schema.items ?? {};
  return Array.from({ length }, () =>
    sample(items, generator, name ? { name: `${name}[]`, within } : { within }),
  );
}

function sampleString(schema: Schema, generator: Generator): string {
  const { random } = generator;
  const fitting = generator.knowledge.strings.filter((text) => fits(schema, text));
  if (fitting.length && (schema.pattern || schema.format) && random.chance(0.85)) return random.pick(fitting);
  if (schema.pattern) return random.matching(schema.pattern);
  switch (schema.format) {
    case 'uuid':
      return uuid(random);
    case 'date':
      return `19${random.between(50, 99)}-0${random.between(1, 9)}-1${random.between(0, 9)}`;
    case 'date-time':
      return new Date(Date.now() + random.between(1, 60) * 86_400_000).toISOString();
    case 'email':
      return random.pick(['hoa@example.vn', 'cong.dan@example.com']);
  }
  const text = random.chance(0.7) ? random.pick(PHRASES) : random.ascii(random.between(1, 20));
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  return text.padEnd(min, 'x').slice(0, Math.max(max, min));
}

function sampleNumber(schema: Schema, generator: Generator, integer: boolean): number {
  const low = schema.minimum ?? (schema.exclusiveMinimum ?? -1) + 1;
  const high = schema.maximum ?? (schema.exclusiveMaximum ?? low + 101) - 1;
  // Small values are the likely ones; the bounds themselves are where mistakes hide.
  const value = generator.random.weighted([
    [3, low + generator.random.int(Math.min(10, high - low + 1))],
    [1, low],
    [1, high],
  ]);
  return integer ? Math.trunc(value) : value + (value < high ? 0.5 : 0);
}

/** Whether a known string passes the schema's own string constraints. */
export function fits(schema: Schema, text: string): boolean {
  if (schema.pattern && !new RegExp(schema.pattern).test(text)) return false;
  if (
    schema.format === 'uuid' &&
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)
  )
    return false;
  if (schema.format && schema.format !== 'uuid') return false;
  if (schema.maxLength !== undefined && text.length > schema.maxLength) return false;
  return schema.pattern !== undefined || schema.format !== undefined;
}

export function uuid(random: Random): string {
  const hex = () => random.int(16).toString(16);
  const run = (length: number) => Array.from({ length }, hex).join('');
  return `${run(8)}-${run(4)}-4${run(3)}-${'89ab'[random.int(4)]}${run(3)}-${run(12)}`;
}
