import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { BIEN_HOA } from '../support/dossiers.ts';
import type { Json } from '../support/json.ts';
import { readJson } from '../support/json.ts';
import { handOver, standInFiling } from '../support/national-shape.ts';
import { useRuntime } from '../support/runtime.ts';

/** The province takes the portal's dossiers by reading its feed. */
const api = useRuntime({ standIns: true, portalHandOver: 'pull', idleConsumers: ['countIndicators'] });

const pull = async () =>
  (await api.runtime.invoke('pullPortal', {
    source: 'aws.events',
    'detail-type': 'Scheduled Event',
    time: new Date().toISOString(),
  })) as Json;

/** The inbox of Biên Hòa's desk, by the portal's code of each dossier there. */
async function inboxByPortalCode(): Promise<Map<string, Json>> {
  const { items } = await readJson(
    await api.call('/units/000.02.30.H19/dossiers?limit=100', { as: 'officer', unit: BIEN_HOA }),
  );
  const dossiers = await Promise.all(
    items.map(async (item: Json) =>
      readJson(await api.call(`/dossiers/${item.code}`, { as: 'officer', unit: BIEN_HOA })),
    ),
  );
  return new Map(dossiers.filter((one) => one.channel).map((one) => [one.channel.reference, one]));
}

describe('the portal’s dossiers taken by pull', () => {
  it('are filed when the schedule reads the feed, each once; read again from an old cursor, none is filed twice', async () => {
    const first = standInFiling();
    const second = standInFiling([{}, { component: 'giay-uy-quyen' }]);
    for (const filing of [first, second]) {
      const queued = await handOver(api, filing);
      expect(queued).toMatchObject({ status: 202, body: { MaHoSo: filing.MaHoSo } });
    }
    // Handed over, not yet filed: nothing happens until the schedule reads the feed.
    expect((await inboxByPortalCode()).has(first.MaHoSo)).toBe(false);

    expect(await pull()).toMatchObject({ kind: 'pulled', filed: 2, again: 0, refused: 0 });
    expect(await pull()).toMatchObject({ kind: 'pulled', filed: 0, again: 0, refused: 0 });
    await api.runtime.settled();
    const filed = await inboxByPortalCode();
    for (const filing of [first, second]) {
      expect(filed.get(filing.MaHoSo)).toMatchObject({ state: 1, sub: 'none' });
      expect(Object.values(filed.get(filing.MaHoSo)!.channelFiles)).not.toHaveLength(0);
    }

    // A run that stopped before moving the cursor reads the same dossiers again: none is filed twice.
    const documents = DynamoDBDocumentClient.from(api.runtime.clients.dynamodb);
    await documents.send(
      new DeleteCommand({
        TableName: api.runtime.resources.tableName,
        Key: { pk: 'CHANNEL#dvcqg', sk: '#PULL' },
      }),
    );
    expect(await pull()).toMatchObject({ kind: 'pulled', filed: 0, again: 2, refused: 0 });
    const again = await inboxByPortalCode();
    expect([...again.keys()].filter((code) => [first.MaHoSo, second.MaHoSo].includes(code))).toHaveLength(2);
  });

  it('refuses a dossier the portal sent wrong, keeps why, and goes on with the rest of the feed', async () => {
    const wrong = standInFiling([{}], { SoGiayToChuHoSo: '123' });
    const right = standInFiling();
    await handOver(api, wrong);
    await handOver(api, right);
    expect(await pull()).toMatchObject({ kind: 'pulled', filed: 1, refused: 1 });
    const documents = DynamoDBDocumentClient.from(api.runtime.clients.dynamodb);
    const { Item } = await documents.send(
      new GetCommand({
        TableName: api.runtime.resources.tableName,
        Key: { pk: 'CHANNEL#dvcqg', sk: '#PULL' },
      }),
    );
    expect(Item?.refused[0]).toMatchObject({
      MaHoSo: wrong.MaHoSo,
      reason: expect.stringContaining('SoGiayToChuHoSo'),
    });
    await api.runtime.settled();
    expect((await inboxByPortalCode()).get(right.MaHoSo)).toMatchObject({ state: 1 });
  });
});
