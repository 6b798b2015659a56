import { afterAll, describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import { listDeadLetters, redrive } from '../../infra/dlq.ts';
import { type Poller, startQueuePoller } from '../../infra/local/pollers.ts';
import type { Manifest } from '../../shared/manifest-types.ts';
import { changeUnit } from '../support/catalog.ts';
import { BIEN_HOA, CENTRE, journey, TRAN_BIEN } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

// The hand-off consumer starts only when the test says, so that a unit can close between
// a transfer's commit and its delivery.
const { deliverHandoffs, ...withoutConsumer } = manifest;
const api = useRuntime({ manifest: withoutConsumer as Manifest, idleConsumers: ['countIndicators'] });

let consumer: Poller | undefined;
const startConsumer = () => {
  const queue = api.runtime.resources.queues.handoffs!;
  consumer = startQueuePoller(api.runtime.clients.sqs, queue, {
    name: 'deliverHandoffs',
    spec: deliverHandoffs,
    region: api.runtime.region,
    invoke: api.runtime.invokerFor(manifest),
  });
};
afterAll(async () => {
  await consumer?.stop();
});

const handoffs = () => {
  const { url, arn, dlqUrl, dlqArn, definition } = api.runtime.resources.queues.handoffs!;
  return { name: definition.name, url, arn, dlqUrl, dlqArn, fifo: true };
};

async function transferredFromCentre(flow: ReturnType<typeof journey>, toUnit: string): Promise<string> {
  const { code } = await flow.submit(await flow.landApplication());
  await flow.act(code, CENTRE, 'receive');
  await flow.act(code, CENTRE, 'startProcessing');
  await flow.act(code, CENTRE, 'transfer', { toUnit });
  return code;
}

describe('a hop that cannot be delivered', () => {
  it('goes to the DLQ with its reason, flags the dossier for the sending unit, and lands once redriven after the fix', async () => {
    const flow = journey(api);
    const toClosed = await transferredFromCentre(flow, TRAN_BIEN);
    const toRemoved = await transferredFromCentre(flow, BIEN_HOA);
    const another = await transferredFromCentre(flow, TRAN_BIEN);
    const reopen = await changeUnit(TRAN_BIEN, { disabled: true });
    const restore = await changeUnit(BIEN_HOA, 'removed');

    // Closed units are refused at once when the transfer is asked for.
    const { code: fresh } = await flow.submit(await flow.landApplication());
    await flow.act(fresh, CENTRE, 'receive');
    await flow.act(fresh, CENTRE, 'startProcessing');
    const refused = await flow.act(fresh, CENTRE, 'transfer', { toUnit: TRAN_BIEN }, 400);
    expect(refused.errors).toEqual([expect.objectContaining({ path: 'body.toUnit', code: 'disabled_unit' })]);

    startConsumer();
    const flagged = await flow.landed(toClosed);
    expect(flagged).toMatchObject({
      currentUnit: CENTRE,
      sub: 'none',
      handoffFailure: { toUnit: TRAN_BIEN, reason: 'disabled-unit' },
    });
    expect(flagged.hops[0]).toMatchObject({ status: 'failed', failure: { reason: 'disabled-unit' } });
    expect((await flow.landed(toRemoved)).handoffFailure).toMatchObject({
      toUnit: BIEN_HOA,
      reason: 'unknown-unit',
    });
    await flow.landed(another);

    // The sending unit sees it in its inbox and is told, in Vietnamese.
    const inbox = await readJson(
      await api.call(`/units/${CENTRE}/dossiers?limit=100`, { as: 'officer', unit: CENTRE }),
    );
    expect(inbox.items.find((item: Json) => item.code === toClosed).handoffFailure).toBeDefined();
    const told = await eventually(async () => {
      const page = await readJson(
        await api.call('/me/notifications?limit=100', { as: 'officer', unit: CENTRE }),
      );
      const failed = page.items.filter((item: Json) => item.kind === 'handoff-failed');
      expect(failed.map((item: Json) => item.code).sort()).toEqual([toClosed, toRemoved, another].sort());
      return failed;
    });
    expect(told.find((item: Json) => item.code === toClosed).text).toContain(
      'đơn vị nhận đã ngừng tiếp nhận hồ sơ',
    );

    const waiting = await eventually(async () => {
      const letters = await listDeadLetters(api.runtime.clients.sqs, handoffs());
      expect(letters).toHaveLength(3);
      return letters;
    });
    expect(waiting.map((letter) => letter.why).sort()).toEqual(
      [`disabled-unit ${TRAN_BIEN}`, `disabled-unit ${TRAN_BIEN}`, `unknown-unit ${BIEN_HOA}`].sort(),
    );

    // Meanwhile the centre acts on one of them itself: its old hop is over.
    await flow.act(another, CENTRE, 'requestPayment', { amount: 50_000 });
    await reopen();
    await restore();
    await redrive(api.runtime.clients.sqs, handoffs());

    // A flagged dossier is not in transit: wait for the redriven hop itself.
    const arrivedAt = (code: string, unit: string) =>
      eventually(async () => {
        const dossier = await flow.get(code);
        expect(dossier.currentUnit).toBe(unit);
        return dossier;
      });
    expect(await arrivedAt(toClosed, TRAN_BIEN)).toMatchObject({ sub: 'at-receiving-unit' });
    const landed = await arrivedAt(toRemoved, BIEN_HOA);
    expect(landed.handoffFailure).toBeUndefined();
    expect(landed.hops[0]).toMatchObject({ status: 'delivered', receipt: expect.any(String) });
    await eventually(async () =>
      expect(await listDeadLetters(api.runtime.clients.sqs, handoffs())).toEqual([]),
    );
    const overtaken = await flow.get(another);
    expect(overtaken).toMatchObject({ currentUnit: CENTRE, state: 6 });
    expect(overtaken.hops[0].status).toBe('failed');

    for (const code of [toClosed, toRemoved, another]) {
      const history = await readJson(
        await api.call(`/dossiers/${code}/history`, { as: 'citizen', sub: flow.citizen }),
      );
      expect(history.verification).toMatchObject({ valid: true });
      const types = history.events.map((event: Json) => event.type);
      expect(types.filter((type: string) => type === 'handoffFailed')).toHaveLength(1);
      expect(types.filter((type: string) => type === 'handoffDelivered')).toHaveLength(
        code === another ? 0 : 1,
      );
    }
  });
});
