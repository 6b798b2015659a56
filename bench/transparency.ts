import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalRuntime } from '../infra/local/runtime.ts';
import type { Counts } from '../shared/domain/indicators.ts';
import { counterKey } from '../shared/persistence/indicators.ts';
import { PARTITIONS } from '../shared/persistence/keys.ts';
import { UNITS } from './scale.ts';
import { median, round } from './stats.ts';

export interface PageFigures {
  /** The first view's bytes: the page is the whole of it (no script, style inline, no image). */
  bytes: number;
  p50Ms: number;
  /** GET /procedures/{code} through the same gateway, alternating with the page. */
  baselineP50Ms: number;
  ratio: number;
}

/** The public page's size and time, against a catalog read through the gateway. */
export async function measurePage(runtime: LocalRuntime, samples = 60): Promise<PageFigures> {
  const timed = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${runtime.url}${path}`);
    const body = await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return { ms: performance.now() - started, bytes: body.byteLength };
  };
  const page: number[] = [];
  const baseline: number[] = [];
  let bytes = 0;
  for (let at = 0; at < samples; at += 1) {
    const shown = await timed('/cong-khai');
    bytes = shown.bytes;
    page.push(shown.ms);
    baseline.push((await timed('/procedures/1.001193')).ms);
  }
  const p50 = round(median(page.slice(10)));
  const baselineP50 = round(median(baseline.slice(10)));
  return { bytes, p50Ms: p50, baselineP50Ms: baselineP50, ratio: round(p50 / baselineP50) };
}

export interface PageScaleFigures {
  small: number;
  large: number;
  smallP50Ms: number;
  largeP50Ms: number;
  smallBytes: number;
  largeBytes: number;
  ratio: number;
}

/**
 * What `dossiers` in a month leave for the page to read, as the indicators consumer writes it:
 * the province's and each unit's counters (nine in ten resolved, one in twenty late and
 * apologised for, a third rated) and an entry for each late dossier with its letter.
 */
async function seedMonth(runtime: LocalRuntime, month: string, dossiers: number): Promise<void> {
  const raw = DynamoDBDocumentClient.from(runtime.clients.dynamodb);
  const TableName = runtime.resources.tableName;
  const countsFor = (share: number): Partial<Counts> => {
    const n = Math.round(dossiers * share);
    const late = Math.round(n / 20);
    return {
      received: n,
      online: n,
      digitised: Math.round(n * 0.6),
      resolved: Math.round(n * 0.9),
      onTime: Math.round(n * 0.9) - late,
      late,
      extended: late,
      lateApologised: late,
      handlingDays: Math.round(n * 0.9) * 3,
      electronicResults: Math.round(n * 0.5),
      ratings: Math.round(n / 3),
      haiLong: Math.round(n / 3),
      ratingPoints: Math.round(n / 3) * 14,
    };
  };
  const counters = [
    { ...counterKey('PROVINCE', month), entity: 'indicators', ...countsFor(1) },
    ...UNITS.map((unit) => ({
      ...counterKey(`UNIT#${unit}`, month),
      entity: 'indicators',
      ...countsFor(1 / UNITS.length),
    })),
  ];
  const late = Math.round(dossiers / 20);
  const letters = Array.from({ length: late }, (_, n) => {
    const endedAt = new Date(Date.parse(`${month}-01T03:00:00Z`) + n * 60_000).toISOString();
    const code = `${UNITS[n % UNITS.length]}-${month.slice(2).replace('-', '')}01-${String(n).padStart(4, '0')}`;
    return {
      pk: `${PARTITIONS.late}${month}`,
      sk: `DOSSIER#${endedAt}#${code}`,
      entity: 'late-dossier',
      month,
      code,
      procedureCode: '1.004873',
      unit: UNITS[n % UNITS.length],
      dueAt: new Date(Date.parse(endedAt) - 86_400_000).toISOString(),
      endedAt,
      apologised: true,
      apology: {
        at: new Date(Date.parse(endedAt) - 3 * 86_400_000).toISOString(),
        category: 'other-agency',
        publicReason: 'Chờ kết quả xác minh của cơ quan liên quan',
        newDueAt: new Date(Date.parse(endedAt) + 5 * 86_400_000).toISOString(),
      },
    };
  });
  const items = [...counters, ...letters];
  for (let at = 0; at < items.length; at += 25)
    await raw.send(
      new BatchWriteCommand({
        RequestItems: { [TableName]: items.slice(at, at + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
}

/**
 * The public page of a month with `small` dossiers against one with `large`, alternating:
 * its figures come from a fixed number of counters, its late dossiers are the month's latest 50, so
 * it should cost about the same.
 */
export async function measurePageAtScale(
  runtime: LocalRuntime,
  sizes = { small: 100, large: 10_000 },
  samples = 60,
): Promise<PageScaleFigures> {
  const months = { small: '2030-01', large: '2030-02' };
  await seedMonth(runtime, months.small, sizes.small);
  await seedMonth(runtime, months.large, sizes.large);
  const timed = async (month: string) => {
    const started = performance.now();
    const response = await fetch(`${runtime.url}/cong-khai?period=${month}`);
    const body = await response.arrayBuffer();
    if (!response.ok) throw new Error(`/cong-khai?period=${month}: ${response.status}`);
    return { ms: performance.now() - started, bytes: body.byteLength };
  };
  const small: number[] = [];
  const large: number[] = [];
  const bytes = { small: 0, large: 0 };
  for (let at = 0; at < samples; at += 1) {
    const one = await timed(months.small);
    const other = await timed(months.large);
    small.push(one.ms);
    large.push(other.ms);
    bytes.small = one.bytes;
    bytes.large = other.bytes;
  }
  const smallP50Ms = round(median(small.slice(10)));
  const largeP50Ms = round(median(large.slice(10)));
  return {
    ...sizes,
    smallP50Ms,
    largeP50Ms,
    smallBytes: bytes.small,
    largeBytes: bytes.large,
    ratio: round(largeP50Ms / smallP50Ms),
  };
}
