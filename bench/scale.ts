import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalRuntime } from '../infra/local/runtime.ts';
import { dossierItem, strip } from '../shared/persistence/dossiers.ts';
import { median, round } from './stats.ts';
import { submission, uploadDeclaration } from './writes.ts';

const BIEN_HOA = '000.02.30.H19';
/** Where the province's other dossiers are: every open unit of the demo. */
export const UNITS = [
  '000.00.01.H19',
  '000.00.20.H19',
  '000.01.16.H19',
  '000.01.30.H19',
  BIEN_HOA,
  '000.03.30.H19',
  '000.04.30.H19',
  '000.05.30.H19',
];

export interface ScaleFigures {
  small: number;
  large: number;
  /** Median milliseconds at each size, and large ÷ small. */
  operations: Record<string, { smallMs: number; largeMs: number; ratio: number }>;
  seedPerSecond: number;
}

/**
 * The same reads against a table of `small` and of `large` other dossiers: a unit's inbox
 * (whole, and by state), a citizen's list and the due-date sweep. The others are what a
 * province accumulates: mostly returned, at every unit (the measured one too), of other
 * citizens. Every access being a keyed query, nothing should grow with the table.
 */
export async function measureScale(
  runtime: LocalRuntime,
  sizes = { small: 1_000, large: 100_000 },
  samples = 15,
  log: (line: string) => void = () => undefined,
): Promise<ScaleFigures> {
  const reads = await readsOfOneUnit(runtime);
  const seed = backgroundSeeder(runtime, reads.template);
  await seed(sizes.small);
  // DynamoDB Local's JVM warms up on the first thousands of requests: not to the small size's cost.
  for (let round = 0; round < 3; round += 1) await timeEach(reads.operations, samples);
  const small = await timeEach(reads.operations, samples);
  log(`  ${sizes.small} dossiers: ${JSON.stringify(small)}`);
  const started = performance.now();
  await seed(sizes.large - sizes.small, (done) => log(`  seeded ${sizes.small + done}…`));
  const seedPerSecond = round((sizes.large - sizes.small) / ((performance.now() - started) / 1000), 0);
  const waited = await settledEmulator(
    reads.operations['raw GetItem (baseline)']!,
    small['raw GetItem (baseline)']!,
  );
  log(`  waited ${waited} s for DynamoDB Local to settle after seeding`);
  const large = await timeEach(reads.operations, samples);
  log(`  ${sizes.large} dossiers: ${JSON.stringify(large)}`);
  const operations = Object.fromEntries(
    Object.keys(small).map((name) => [
      name,
      { smallMs: small[name]!, largeMs: large[name]!, ratio: round(large[name]! / small[name]!) },
    ]),
  );
  return { small: sizes.small, large: sizes.large, operations, seedPerSecond };
}

/** Ten dossiers of one citizen at phường Biên Hòa, five of them received (with due dates), and the reads. */
async function readsOfOneUnit(runtime: LocalRuntime) {
  const citizen = await runtime.issuer.sign({ sub: 'scale-citizen', role: 'citizen' });
  const officer = await runtime.issuer.sign({ sub: 'scale-officer', role: 'officer', unit: BIEN_HOA });
  const call = async (path: string, token: string, init: RequestInit = {}) => {
    const response = await fetch(`${runtime.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ code: string; items?: unknown[] }>;
  };
  const codes: string[] = [];
  for (let made = 0; made < 10; made += 1) {
    const upload = await uploadDeclaration(runtime, citizen);
    const { code } = await call('/dossiers', citizen, {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
      body: JSON.stringify(submission(upload)),
    });
    codes.push(code);
    if (made % 2 === 0)
      await call(`/dossiers/${code}/actions/receive`, officer, {
        method: 'POST',
        headers: { 'if-match': '"1"' },
        body: '{}',
      });
  }
  const raw = DynamoDBDocumentClient.from(runtime.clients.dynamodb);
  const { Item: template } = await raw.send(
    new GetCommand({
      TableName: runtime.resources.tableName,
      Key: { pk: `DOSSIER#${codes[0]}`, sk: 'DOSSIER' },
    }),
  );
  const listed = async (path: string, token: string, expected: number) => {
    const page = await call(path, token);
    if ((page.items?.length ?? 0) < expected)
      throw new Error(`${path}: ${page.items?.length} items, expected ${expected}`);
  };
  return {
    template: template!,
    operations: {
      'unit inbox, first page': () => listed(`/units/${BIEN_HOA}/dossiers?limit=20`, officer, 10),
      'unit inbox, received': () => listed(`/units/${BIEN_HOA}/dossiers?state=2&limit=20`, officer, 5),
      "citizen's dossiers": () => listed('/dossiers?limit=20', citizen, 10),
      'due-date sweep': () => runtime.invoke('sweepOverdue', {}),
      // The public page reads counters, whatever the number of dossiers.
      'public page (công khai)': async () => {
        const page = await fetch(`${runtime.url}/cong-khai`);
        if (!page.ok) throw new Error(`/cong-khai: ${page.status}`);
        await page.arrayBuffer();
      },
      // The emulator's own growth: one keyed read, which on DynamoDB costs the same at any size.
      'raw GetItem (baseline)': () =>
        raw.send(
          new GetCommand({
            TableName: runtime.resources.tableName,
            Key: { pk: `DOSSIER#${codes[0]}`, sk: 'DOSSIER' },
          }),
        ),
    } as Record<string, () => Promise<unknown>>,
  };
}

/** Writes returned dossiers of other citizens at every unit, 25 to a batch, eight batches at a time. */
function backgroundSeeder(runtime: LocalRuntime, template: Record<string, unknown>) {
  const raw = DynamoDBDocumentClient.from(runtime.clients.dynamodb);
  const TableName = runtime.resources.tableName;
  let written = 0;
  const dossier = strip(template);
  const item = (n: number) => {
    const unit = UNITS[n % UNITS.length]!;
    const code = `${unit}-250101-${String(n).padStart(6, '0')}`;
    const due = new Date(Date.UTC(2025, 0, 1) + (n % 300) * 86_400_000).toISOString();
    return dossierItem({
      ...dossier,
      code,
      state: 10,
      ownerSub: `scale-other-${n % 20_000}`,
      currentUnit: unit,
      dueAt: due,
      submittedAt: due,
    });
  };
  return async (count: number, progress?: (done: number) => void) => {
    const batches = Math.ceil(count / 25);
    let next = 0;
    const worker = async () => {
      while (next < batches) {
        const batch = next++;
        const items = Array.from({ length: Math.min(25, count - batch * 25) }, (_, at) =>
          item(written + batch * 25 + at),
        );
        let requests: unknown[] = items.map((Item) => ({ PutRequest: { Item } }));
        while (requests.length) {
          const { UnprocessedItems } = await patiently(() =>
            raw.send(new BatchWriteCommand({ RequestItems: { [TableName]: requests as never } })),
          );
          requests = UnprocessedItems?.[TableName] ?? [];
        }
        if (progress && batch % 400 === 399) progress((batch + 1) * 25);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    written += count;
  };
}

/**
 * Retries what DynamoDB Local answers when its lock waits too long on a busy machine (an
 * InternalServerError that, it says, DynamoDB itself would not give), beyond the SDK's three tries.
 */
async function patiently<T>(send: () => Promise<T>, tries = 10): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= tries || (error as { $fault?: string }).$fault !== 'server') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

/**
 * After seeding, DynamoDB Local is still at work on the new items (its stream, read by the
 * local pollers 25 records at a time), which slows every request, the raw GetItem too: on AWS
 * none of that weighs on a query. Waits, up to three minutes, until a raw GetItem is back
 * within 1.3 times its time on the small table; answers the seconds waited.
 */
async function settledEmulator(getItem: () => Promise<unknown>, smallMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 180_000) {
    const { probe } = await timeEach({ probe: getItem }, 15);
    if (probe! <= smallMs * 1.3) break;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
  return round((performance.now() - started) / 1000, 0);
}

async function timeEach(operations: Record<string, () => Promise<unknown>>, samples: number) {
  const figures: Record<string, number> = {};
  for (const [name, operation] of Object.entries(operations)) {
    await operation(); // warm
    const times: number[] = [];
    for (let sample = 0; sample < samples; sample += 1) {
      const started = performance.now();
      await operation();
      times.push(performance.now() - started);
    }
    figures[name] = round(median(times));
  }
  return figures;
}
