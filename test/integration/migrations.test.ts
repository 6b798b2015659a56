import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AttributeValue, BatchWriteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { migrateShapes, upgradeItem } from '../../shared/persistence/migrations.ts';
import { isKind, SHAPES } from '../../shared/persistence/shapes.ts';
import { checkRestoredDossiers } from '../../shared/services/restore-check.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { useRuntime } from '../support/runtime.ts';

/** The table release 0.2.0 left after a few journeys (written by write-release.fixture.ts). */
const previous = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'migrations', 'table-0.2.0.json'), 'utf8'),
) as {
  release: string;
  items: Record<string, AttributeValue>[];
};
const previousItems = previous.items.map((item) => unmarshall(item));
const codeOf = (state: number) =>
  previousItems.find((item) => item.entity === 'dossier' && item.state === state)?.code as string;

const api = useRuntime({ idleConsumers: ['countIndicators', 'routeNotifications', 'sendDeliveries'] });

async function tableItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await api.runtime.clients.dynamodb.send(
      new ScanCommand({
        TableName: api.runtime.resources.tableName,
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * The previous release's items, put as it wrote them (through a client that stamps nothing),
 * their expiry moved a day past the test so that time to live keeps them through it.
 */
async function writePreviousRelease(): Promise<void> {
  const tomorrow = String(Math.floor(Date.now() / 1000) + 86_400);
  const items = previous.items.map((item) =>
    item.expiresAt ? { ...item, expiresAt: { N: tomorrow } } : item,
  );
  for (let at = 0; at < items.length; at += 25)
    await api.runtime.clients.dynamodb.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [api.runtime.resources.tableName]: items
            .slice(at, at + 25)
            .map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
}

describe('upgrading the data of the previous release', () => {
  it('reads 0.2.0 data, migrates it in resumable, idempotent runs, and works on it after', {
    timeout: 180_000,
  }, async () => {
    expect(previous.release).toBe('0.2.0');
    await writePreviousRelease();
    const flow = journey(api, 'citizen-migrated');
    const received = codeOf(2);
    const returned = codeOf(10);
    expect(received && returned).toBeTruthy();
    // The new code reads the old shapes before any migration.
    expect((await flow.get(returned)).stateName).toBe('Đã trả kết quả');
    const old = (await tableItems()).filter((item) => item.shape === undefined);
    expect(old).toHaveLength(previous.items.length);
    expect(
      old.filter((item) => item.entity === undefined).map((item) => String(item.sk).split('#')[0]),
    ).toEqual(expect.arrayContaining(['SEQ', 'META', 'KEY', 'AUDIT', 'RATE', 'NONCE']));

    // A run that stops after two pages saves where it was; the next goes on from there.
    const stopped = await migrateShapes({ pageSize: 10, maxPages: 2 });
    expect(stopped).toMatchObject({ alreadyDone: false, resumed: false, scanned: 20 });
    const rest = await migrateShapes({ pageSize: 10 });
    expect(rest).toMatchObject({ alreadyDone: false, resumed: true, unknownCount: 0 });
    expect(rest.scanned).toBe((await tableItems()).length);
    expect(rest.upgraded).toBe(old.length);

    // Every item now names its kind and its kind's current shape; nothing else changed.
    const after = await tableItems();
    for (const item of after) {
      expect(isKind(item.entity), `${item.pk} ${item.sk}`).toBe(true);
      expect(item.shape, `${item.pk} ${item.sk}`).toBe(SHAPES[item.entity as keyof typeof SHAPES]);
    }
    const byKey = new Map(after.map((item) => [`${item.pk} ${item.sk}`, item]));
    for (const before of old) {
      const { entity: _entity, shape: _shape, ...now } = byKey.get(`${before.pk} ${before.sk}`)!;
      const { entity: _was, ...was } = before;
      expect(now, `${before.pk} ${before.sk}`).toEqual(was);
    }
    expect(byKey.get(`${previousItems.find((item) => item.sk === 'META')!.pk} META`)?.entity).toBe(
      'integrator',
    );

    // A second run finds the work done.
    expect(await migrateShapes()).toMatchObject({ alreadyDone: true });

    // The histories still hold, and the new code works on the migrated dossiers.
    const check = await checkRestoredDossiers(new Date());
    expect(check.failed).toEqual([]);
    expect(check.dossiers).toBeGreaterThanOrEqual(3);
    const started = await flow.act(received, BIEN_HOA, 'startProcessing');
    expect(started.state).toBe(4);
  });

  it('leaves an item another writer brought to the current shape after it was read', async () => {
    const flow = journey(api);
    const { code } = await flow.submit();
    const current = (await tableItems()).find(
      (item) => item.pk === `DOSSIER#${code}` && item.sk === 'DOSSIER',
    )!;
    expect(current.shape).toBe(SHAPES.dossier);
    // As read by a run before the new code wrote it: no shape yet, and older content.
    const { shape: _shape, ...stale } = current;
    expect(await upgradeItem({ ...stale, version: 0 })).toBe('written-meanwhile');
    const now = (await tableItems()).find((item) => item.pk === `DOSSIER#${code}` && item.sk === 'DOSSIER');
    expect(now).toEqual(current);
    expect(await upgradeItem(current)).toBe('current');
  });
});
