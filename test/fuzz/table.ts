import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { LocalRuntime } from '../../infra/local/runtime.ts';

/** Every item of the table by key, as canonical JSON. */
export type Snapshot = Map<string, string>;

/** Rate-limit counters are written on purpose by the public look-up, refused or not. */
const IGNORED = /^RATE#/;

/** The table at a moment, and whether the runtime was quiet then: no message queued or in flight. */
export interface Reading {
  snapshot: Snapshot;
  quiet: boolean;
}

/**
 * Reads the table from outside the runtime, with the fake credentials DynamoDB Local takes,
 * and the queues that carry the work accepted requests set off.
 */
export function tableWatch(runtime: LocalRuntime) {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.dynamodbEndpoint,
      region: runtime.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const tableName = runtime.resources.tableName;
  // A queue whose consumer the test left idle never empties: not waited for.
  const queueUrls = Object.entries(runtime.resources.queues)
    .filter(([key]) => !runtime.idleQueues.includes(key))
    .map(([, queue]) => queue.url);
  const snapshot = async (): Promise<Snapshot> => {
    const items: Snapshot = new Map();
    for await (const page of paginateScan(
      { client: documents },
      { TableName: tableName, ConsistentRead: true },
    ))
      for (const item of page.Items ?? []) {
        const pk = String(item.pk);
        if (!IGNORED.test(pk)) items.set(`${pk} | ${String(item.sk)}`, canonical(item));
      }
    return items;
  };
  const quiet = () => queuesIdle(runtime.clients.sqs, queueUrls);
  return {
    async read(): Promise<Reading> {
      const idle = await quiet();
      return { snapshot: await snapshot(), quiet: idle };
    },
    /**
     * Waits until the work that accepted requests set off (stream, queues, notifications,
     * hand-offs) has finished, on the runtime's own signal (every queue drained, the stream read
     * to its end, no function running), then reads the table once. Without it, a late write of
     * an accepted request would be blamed on the refused ones after it. Work still going at the
     * deadline leaves the reading not quiet.
     */
    async settle(timeoutMs = 15_000): Promise<Reading> {
      const settled = await runtime.settled(timeoutMs).then(
        () => true,
        () => false,
      );
      return { snapshot: await snapshot(), quiet: settled && (await quiet()) };
    },
    close: () => documents.destroy(),
  };
}

/** JSON with sorted keys, so that equal items give equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item) && !(item instanceof Uint8Array)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item instanceof Set
        ? [...item].sort()
        : item,
  );
}

/** What changed between two snapshots, one line per item. */
export function differences(before: Snapshot, after: Snapshot): string[] {
  const lines: string[] = [];
  for (const [key, item] of after) {
    const earlier = before.get(key);
    if (earlier === undefined) lines.push(`added ${key}: ${item.slice(0, 300)}`);
    else if (earlier !== item) lines.push(`changed ${key}: ${earlier.slice(0, 300)} → ${item.slice(0, 300)}`);
  }
  for (const key of before.keys()) if (!after.has(key)) lines.push(`removed ${key}`);
  return lines;
}

async function queuesIdle(sqs: SQSClient, urls: readonly string[]): Promise<boolean> {
  const counts = await Promise.all(
    urls.map(async (QueueUrl) => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      return Object.values(Attributes).reduce((sum, count) => sum + Number(count), 0);
    }),
  );
  return counts.every((count) => count === 0);
}
