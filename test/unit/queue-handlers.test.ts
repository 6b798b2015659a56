import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { fifoQueueHandler, queueHandler } from '../../shared/messaging/batch.ts';
import { logger } from '../../shared/observability.ts';

// The failures these tests cause on purpose are logged as warnings: not here.
logger.setLogLevel('CRITICAL');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const record = (id: string, group?: string): SQSRecord =>
  ({
    messageId: id,
    body: JSON.stringify({ id }),
    attributes: group ? { MessageGroupId: group } : {},
    eventSource: 'aws:sqs',
  }) as unknown as SQSRecord;

const batchOf = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const context = {} as Context;

/**
 * A consumer that fails `fail…` messages after 20 ms and takes `slow…` ones after 100 ms and
 * the others at once: a batch of both has a failure on record while it still runs.
 */
const consume = async ({ id }: { id: string }) => {
  if (id.startsWith('fail')) {
    await sleep(20);
    throw new Error(`${id} failed`);
  }
  if (id.startsWith('slow')) await sleep(100);
};

/** The first batch, and a second one that starts while the first has failed one and not finished. */
async function overlapping<T>(handle: (event: SQSEvent) => Promise<T>, first: SQSEvent, second: SQSEvent) {
  const running = handle(first);
  await sleep(50);
  return Promise.all([running, handle(second)]);
}

describe('queue handlers report each batch’s own failures', () => {
  it('when batches of one consumer overlap, a failure is never reported as a success', async () => {
    const handler = queueHandler(consume);
    const [first, second] = await overlapping(
      (event) => handler(event, context),
      batchOf(record('fail-1'), record('slow-1')),
      batchOf(record('ok-2'), record('ok-3')),
    );
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'fail-1' }]);
    expect(second.batchItemFailures).toEqual([]);
  });

  it('the same for FIFO batches', async () => {
    const handler = fifoQueueHandler(consume);
    const [first, second] = await overlapping(
      (event) => handler(event, context),
      batchOf(record('fail-1', 'a'), record('slow-1', 'b')),
      batchOf(record('ok-2', 'c')),
    );
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'fail-1' }]);
    expect(second.batchItemFailures).toEqual([]);
  });

  it("runs a FIFO batch's groups side by side: one group's message waits on another's, and both finish", async () => {
    const { promise: otherDone, resolve: markOtherDone } = Promise.withResolvers<void>();
    const seen: string[] = [];
    const handler = fifoQueueHandler(async ({ id }: { id: string }) => {
      // The slow target's attempt ends only once the other group's message went through.
      if (id === 'slow-target') await otherDone;
      seen.push(id);
      if (id === 'other-target') markOtherDone();
    });
    const answer = await handler(
      batchOf(record('slow-target', 'webhook|x'), record('other-target', 'portal|y')),
      context,
    );
    expect(answer.batchItemFailures).toEqual([]);
    expect(seen).toEqual(['other-target', 'slow-target']);
  });

  it("keeps a FIFO group's order: after a failure, the rest of its group comes back untried, other groups go on", async () => {
    const seen: string[] = [];
    const handler = fifoQueueHandler(async ({ id }: { id: string }) => {
      seen.push(id);
      if (id.startsWith('fail')) throw new Error(`${id} failed`);
    });
    const answer = await handler(
      batchOf(record('ok-1', 'a'), record('fail-2', 'a'), record('ok-3', 'a'), record('ok-4', 'b')),
      context,
    );
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: 'fail-2' }, { itemIdentifier: 'ok-3' }]);
    expect(seen.filter((id) => id !== 'ok-4')).toEqual(['ok-1', 'fail-2']);
    expect(seen).toContain('ok-4');
  });

  it('answers a batch whose every message failed message by message, not with an error', async () => {
    const handler = queueHandler(consume);
    const answer = await handler(batchOf(record('fail-1'), record('fail-2')), context);
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: 'fail-1' }, { itemIdentifier: 'fail-2' }]);
  });
});
