import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { confirmContact } from '../support/contacts.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { type Json, readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

// The notifications are what this file counts: the consumers that deliver to other systems rest.
const api = useRuntime({ idleConsumers: ['countIndicators', 'sendDeliveries', 'sendWebhooks'] });
const DOSSIERS = 100;
const CONCURRENCY = 10;

/** Every page of a paged list. */
async function all(path: string, identity: Parameters<typeof api.call>[1]): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | undefined;
  do {
    const page = await readJson(
      await api.call(
        `${path}${path.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        identity,
      ),
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('conservation', () => {
  it('500 committed events: every notification they call for is delivered once, nothing is lost or doubled', {
    timeout: 420_000,
  }, async () => {
    const flow = journey(api, 'citizen-conservation');
    await confirmContact(api, flow.citizen, 'sms', '0912345678');
    const codes: string[] = [];
    for (let start = 0; start < DOSSIERS; start += CONCURRENCY) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, DOSSIERS - start) }, async () => {
          const { code } = await flow.submit();
          for (const [action, body] of [
            ['receive', {}],
            ['startProcessing', {}],
            ['complete', { resultSummary: 'Đã cấp' }],
            ['returnResult', {}],
          ] as const) {
            await flow.act(code, BIEN_HOA, action, body);
          }
          return code;
        }),
      );
      codes.push(...batch);
    }
    // 200 submissions and 800 transitions.
    const events = (
      await Promise.all(
        codes.map(
          async (code) =>
            (
              await readJson(
                await api.call(`/dossiers/${code}/history`, { as: 'citizen', sub: flow.citizen }),
              )
            ).events.length,
        ),
      )
    ).reduce((sum, count) => sum + count, 0);
    expect(events).toBe(5 * DOSSIERS);

    // Per dossier: received, result ready, result returned (citizen: in-app and SMS) and new-in-inbox (unit).
    await api.runtime.settled(360_000);
    const outbox = (await readJson(await api.call('/dev/outbox?limit=2000'))).items as Json[];
    const sms = outbox.filter((message) => codes.some((code) => String(message.text).includes(code)));
    expect(sms.length).toBe(3 * DOSSIERS);
    expect(new Set(sms.map((message) => `${message.id}:${message.channel}`)).size).toBe(sms.length);

    const inbox = await all('/me/notifications', { as: 'citizen', sub: flow.citizen });
    expect(inbox).toHaveLength(3 * DOSSIERS);
    expect(new Set(inbox.map((item) => item.id)).size).toBe(inbox.length);
    const unit = (await all('/me/notifications', { as: 'officer', unit: BIEN_HOA })).filter((item) =>
      codes.includes(item.code),
    );
    expect(unit).toHaveLength(DOSSIERS);
    expect(unit.every((item) => item.kind === 'new-in-inbox')).toBe(true);

    for (const queue of Object.values(api.runtime.resources.queues)) {
      const { Messages = [] } = await api.runtime.clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, WaitTimeSeconds: 0 }),
      );
      expect(Messages, queue.definition.name).toEqual([]);
    }
  });
});
