import { randomUUID } from 'node:crypto';
import type { LocalRuntime } from '../infra/local/runtime.ts';
import { documents } from '../shared/persistence/client.ts';
import { round } from './stats.ts';
import { postJson, submission, uploadDeclaration } from './writes.ts';

/**
 * On-demand prices used for the cost figure: US East (N. Virginia), from November 2024 —
 * USD 0.625 per million write request units and 0.125 per million read request units.
 */
export const PRICES = { region: 'us-east-1', writePerMillion: 0.625, readPerMillion: 0.125 };

interface Capacity {
  read: number;
  write: number;
}

const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

type Consumed = { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number };

/**
 * Every DynamoDB call the functions make goes through one client; a middleware on it asks
 * for ReturnConsumedCapacity and adds up what comes back, while one journey runs.
 */
export function meter(): { total: Capacity; stop(): void } {
  const total: Capacity = { read: 0, write: 0 };
  const name = `capacity-meter-${randomUUID()}`;
  documents.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      const writes = WRITES.test(context.commandName ?? '');
      for (const entry of [consumed ?? []].flat()) {
        const units =
          entry.CapacityUnits ?? (writes ? entry.WriteCapacityUnits : entry.ReadCapacityUnits) ?? 0;
        if (writes) total.write += units;
        else total.read += units;
      }
      return result;
    },
    { step: 'initialize', name },
  );
  return { total, stop: () => documents.middlewareStack.remove(name) };
}

/** The request units one dossier consumes from submission to the returned result (1 → 10). */
export async function measureJourney(runtime: LocalRuntime) {
  const citizen = await runtime.issuer.sign({ sub: 'capacity-citizen', role: 'citizen' });
  const officer = await runtime.issuer.sign({
    sub: 'capacity-officer',
    role: 'officer',
    unit: '000.02.30.H19',
  });
  const post = (path: string, token: string, body: unknown, headers: Record<string, string>) =>
    postJson(runtime, path, token, body, headers);
  const declaration = await uploadDeclaration(runtime, citizen);
  const meterOn = meter();
  try {
    const { code } = await post('/dossiers', citizen, submission(declaration), {
      'idempotency-key': randomUUID(),
    });
    let version = 1;
    const steps: [string, unknown][] = [
      ['receive', {}],
      ['startProcessing', {}],
      ['complete', { resultSummary: 'Đã cấp Giấy xác nhận tình trạng hôn nhân' }],
      ['returnResult', {}],
    ];
    for (const [action, body] of steps) {
      version = (
        await post(`/dossiers/${code}/actions/${action}`, officer, body, { 'if-match': `"${version}"` })
      ).version;
    }
  } finally {
    meterOn.stop();
  }
  const { read, write } = meterOn.total;
  const costPerThousand = (write * PRICES.writePerMillion + read * PRICES.readPerMillion) / 1000;
  return {
    readUnits: round(read, 1),
    writeUnits: round(write, 1),
    costPer1000DossiersUsd: round(costPerThousand, 4),
    prices: PRICES,
  };
}
