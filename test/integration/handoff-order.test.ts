import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import type { Manifest } from '../../shared/manifest-types.ts';
import { CENTRE, journey, LAND_OFFICE, TRAN_BIEN } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

// Every first delivery of a hop fails after the hop has landed: the retry comes a second
// later, by which time the receiving unit may already have sent the next hop.
const testManifest: Manifest = {
  ...manifest,
  deliverHandoffs: { ...manifest.deliverHandoffs, entry: 'test/support/fixtures/flaky-handoffs.ts' },
};
const deliveries: { code: string; seq: number; receiveCount: number }[] = [];
const api = useRuntime({
  idleConsumers: ['countIndicators'],
  manifest: testManifest,
  queueOverrides: { handoffs: { visibilityTimeoutSeconds: 1 } },
  onEvent: (event) => {
    for (const record of (event as SQSEvent).Records ?? []) {
      if (!record.eventSourceARN?.endsWith('handoffs.fifo')) continue;
      const hop = JSON.parse(record.body);
      deliveries.push({
        code: hop.code,
        seq: hop.seq,
        receiveCount: Number(record.attributes.ApproximateReceiveCount),
      });
    }
  },
});

const DOSSIERS = 12;
/** Out to the commune and back, then out to the land office and back. */
const ROUTE: [string, string][] = [
  [CENTRE, 'transfer'],
  [TRAN_BIEN, 'returnFromTransfer'],
  [CENTRE, 'transfer'],
  [LAND_OFFICE, 'returnFromTransfer'],
];
const TARGETS = [TRAN_BIEN, undefined, LAND_OFFICE, undefined];

async function travel(flow: ReturnType<typeof journey>): Promise<string> {
  const { code } = await flow.submit(await flow.landApplication());
  await flow.act(code, CENTRE, 'receive');
  await flow.act(code, CENTRE, 'startProcessing');
  for (const [at, [unit, action]] of ROUTE.entries()) {
    await flow.act(code, unit, action, TARGETS[at] ? { toUnit: TARGETS[at] } : {});
    await flow.landed(code);
  }
  return code;
}

describe('hops under concurrency, with every first delivery failing', () => {
  it("keep each dossier's order and land exactly once", { timeout: 300_000 }, async () => {
    const flow = journey(api);
    const codes = await Promise.all(Array.from({ length: DOSSIERS }, () => travel(flow)));

    for (const code of codes) {
      const dossier = await flow.get(code);
      expect(dossier).toMatchObject({ currentUnit: CENTRE, sub: 'returned-from-transfer' });
      expect(dossier.hops.map((hop: Json) => [hop.fromUnit, hop.toUnit, hop.status])).toEqual([
        [CENTRE, TRAN_BIEN, 'delivered'],
        [TRAN_BIEN, CENTRE, 'delivered'],
        [CENTRE, LAND_OFFICE, 'delivered'],
        [LAND_OFFICE, CENTRE, 'delivered'],
      ]);
      for (const [at, hop] of dossier.hops.entries()) {
        expect(hop.receivedAt >= hop.sentAt).toBe(true);
        if (at > 0) expect(hop.sentAt >= dossier.hops[at - 1].receivedAt).toBe(true);
      }
      const history = await readJson(
        await api.call(`/dossiers/${code}/history`, { as: 'citizen', sub: flow.citizen }),
      );
      expect(history.verification).toMatchObject({ valid: true });
      const landings = history.events.filter((event: Json) => event.type === 'handoffDelivered');
      expect(landings.map((event: Json) => event.data.hop)).toEqual(dossier.hops.map((hop: Json) => hop.seq));

      // The FIFO group: a dossier's hop is never taken before the one sent earlier is done.
      const seen = deliveries.filter((delivery) => delivery.code === code).map((delivery) => delivery.seq);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(new Set(seen)).toEqual(new Set(dossier.hops.map((hop: Json) => hop.seq)));
    }
    // Every hop came a second time (the first attempt always fails; the last hops' retries
    // may still be on their way) and landed once.
    await eventually(() => {
      const redelivered = deliveries.filter((delivery) => delivery.receiveCount > 1);
      expect(new Set(redelivered.map((delivery) => `${delivery.code}#${delivery.seq}`)).size).toBe(
        DOSSIERS * ROUTE.length,
      );
    });

    // Each arrival told the receiving unit once.
    await eventually(async () => {
      for (const [unit, expected] of [
        [TRAN_BIEN, 1],
        [LAND_OFFICE, 1],
        [CENTRE, 3],
      ] as const) {
        const page = await readJson(await api.call('/me/notifications?limit=100', { as: 'officer', unit }));
        for (const code of codes)
          expect(
            page.items.filter((item: Json) => item.code === code),
            `${unit} ${code}`,
          ).toHaveLength(expected);
      }
    });
  });
});
