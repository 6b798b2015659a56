import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { expect, it } from 'vitest';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { integrators } from '../support/integrators.ts';
import { useRuntime } from '../support/runtime.ts';

/**
 * Writes the table of a release as its code leaves it after a few journeys, for the migration
 * test to upgrade: run on the release's commit with
 * `npx vitest run --config test/migrations/fixture.config.ts`, then commit the file it writes.
 */
const api = useRuntime({ standIns: false, idleConsumers: [] });

it('writes the table a release leaves', { timeout: 300_000 }, async () => {
  const flow = journey(api, 'citizen-migrated');
  const received = await flow.submit();
  await flow.act(received.code, BIEN_HOA, 'receive');
  const finished = await flow.submit();
  await flow.act(finished.code, BIEN_HOA, 'receive');
  await flow.act(finished.code, BIEN_HOA, 'startProcessing');
  await flow.act(finished.code, BIEN_HOA, 'complete', {
    resultSummary: 'Đã cấp Giấy xác nhận tình trạng hôn nhân',
  });
  await flow.act(finished.code, BIEN_HOA, 'returnResult');
  const refused = await flow.submit();
  await flow.act(refused.code, BIEN_HOA, 'refuse', { reason: 'Tờ khai không đúng mẫu' });
  const registry = integrators(api);
  const portal = await registry.register(['dossiers:read']);
  const read = await registry.signed('GET', `/integrations/v1/dossiers/${received.code}`, portal);
  expect(read.status).toBeLessThan(500);
  await api.runtime.settled();
  await api.runtime.invoke('checkpointHistory', { detail: { settleSeconds: 0 } });
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await api.runtime.clients.dynamodb.send(
      new ScanCommand({ TableName: api.runtime.resources.tableName, ExclusiveStartKey: start as never }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const release = JSON.parse(
    (await import('node:fs')).readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'),
  ).version;
  writeFileSync(
    join(import.meta.dirname, `table-${release}.json`),
    `${JSON.stringify({ release, written: new Date().toISOString(), items }, null, 0)}\n`,
  );
});
