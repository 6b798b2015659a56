import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { manifest } from '../functions/manifest.ts';
import { startQueuePoller } from '../infra/local/pollers.ts';
import type { ProvisionedQueue } from '../infra/local/provision.ts';
import type { LocalRuntime } from '../infra/local/runtime.ts';
import type { DossierEvent } from '../shared/domain/dossier-events.ts';
import type { Notification } from '../shared/domain/notifications.ts';
import type { FunctionSpec } from '../shared/manifest-types.ts';
import { documents, tableName } from '../shared/persistence/client.ts';
import { applicationKey, type DossierRecord, dossierKey } from '../shared/persistence/dossiers.ts';
import { round } from './stats.ts';

const CENTRE = '000.00.01.H19';
const COMMUNE = '000.01.30.H19';

export interface Message {
  body: unknown;
  /** FIFO queues: the message group. */
  group?: string;
}

export interface ConsumerFigures {
  messages: number;
  /** Messages per second with a backlog, polled and deleted as Lambda would. */
  messagesPerSecond: number;
  /** The same with a consumer that does nothing, on a queue of the same kind: the ceiling. */
  baselinePerSecond: number;
  ratio: number;
}

/**
 * Each queue consumer's throughput with a backlog of `count` messages: the real function
 * on a queue of its own, against a consumer that does nothing on the same kind of queue in
 * the same run (SQS polling and deleting alone).
 */
export async function measureConsumers(
  runtime: LocalRuntime,
  count: number,
): Promise<
  Record<
    'deliverHandoffs' | 'routeNotifications' | 'deliverNotifications' | 'countIndicators',
    ConsumerFigures
  >
> {
  const hops = await pendingHops(count);
  const event = hops[0]!;
  // Receptions: each calls for one notification to the applicant.
  const events = Array.from({ length: count }, () => ({
    body: { ...event, type: 'receive', fromState: 1, toState: 2, eventId: randomUUID() },
  }));
  const notifications = Array.from({ length: count }, (_, at) => ({
    body: unitNotification(event.code, at),
  }));
  return {
    deliverHandoffs: await compare(
      runtime,
      'deliverHandoffs',
      hops.map((hop) => ({ body: hop, group: hop.code })),
    ),
    routeNotifications: await compare(runtime, 'routeNotifications', events),
    deliverNotifications: await compare(runtime, 'deliverNotifications', notifications),
    // Submissions, each counted into its unit, the units above, the procedure and the province.
    countIndicators: await compare(
      runtime,
      'countIndicators',
      Array.from({ length: count }, () => ({
        body: { ...event, type: 'submit', fromState: undefined, toState: 1, eventId: randomUUID() },
      })),
    ),
  };
}

/**
 * A consumer of `manifest` against one that does nothing on the same kind of queue: `count`
 * messages each, drained as Lambda would.
 */
export async function compare(
  runtime: LocalRuntime,
  name: keyof typeof manifest,
  messages: Message[],
): Promise<ConsumerFigures> {
  const spec = manifest[name] as FunctionSpec;
  const fifo = messages.some((message) => message.group);
  const baseline = await drain(
    runtime,
    `${name}-baseline`,
    { ...spec, entry: 'bench/fixtures/noop-consumer.ts' },
    fifo,
    messages,
  );
  const real = await drain(runtime, name, spec, fifo, messages);
  return {
    messages: messages.length,
    messagesPerSecond: round(real, 0),
    baselinePerSecond: round(baseline, 0),
    ratio: round(real / baseline),
  };
}

/** Fills a fresh queue, then times a poller of `spec` until every message is processed. */
async function drain(
  runtime: LocalRuntime,
  label: string,
  spec: FunctionSpec,
  fifo: boolean,
  messages: Message[],
) {
  const queue = await freshQueue(runtime, label, fifo);
  for (let at = 0; at < messages.length; at += 10) {
    await runtime.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: messages.slice(at, at + 10).map((message, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(message.body),
          ...(message.group ? { MessageGroupId: message.group, MessageDeduplicationId: randomUUID() } : {}),
        })),
      }),
    );
  }
  let processed = 0;
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const started = performance.now();
  const poller = startQueuePoller(runtime.clients.sqs, queue, {
    name: label,
    spec,
    region: runtime.region,
    invoke: runtime.invokerFor({ [label]: spec }),
    onEvent: (event) => {
      processed += (event as SQSEvent).Records.length;
      if (processed >= messages.length) finished();
    },
  });
  await done;
  // The last batch is counted when handed over; wait until it is deleted too.
  await emptied(runtime, queue);
  const seconds = (performance.now() - started) / 1000;
  await poller.stop();
  return messages.length / seconds;
}

async function freshQueue(runtime: LocalRuntime, label: string, fifo: boolean): Promise<ProvisionedQueue> {
  const name = `bench-drain-${label}-${randomUUID().slice(0, 8)}${fifo ? '.fifo' : ''}`;
  const { QueueUrl } = await runtime.clients.sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: fifo ? { FifoQueue: 'true' } : {} }),
  );
  const { Attributes } = await runtime.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const definition = {
    name,
    fifo,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionDays: 1,
    oldestMessageAlarmSeconds: 900,
  };
  return {
    url: QueueUrl!,
    arn: Attributes!.QueueArn!,
    dlqUrl: QueueUrl!,
    dlqArn: Attributes!.QueueArn!,
    definition,
  };
}

async function emptied(runtime: LocalRuntime, queue: ProvisionedQueue): Promise<void> {
  for (;;) {
    const { Attributes = {} } = await runtime.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue.url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    if (
      Number(Attributes.ApproximateNumberOfMessages) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible) ===
      0
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Dossiers in processing at the centre with a transfer to a commune sent, and the events that sent them. */
async function pendingHops(count: number): Promise<DossierEvent[]> {
  const run = randomUUID().slice(0, 6);
  const sentAt = new Date().toISOString();
  const hops: DossierEvent[] = [];
  for (let at = 0; at < count; at += 1) {
    const code = `${CENTRE}-010101-${String(at + 1).padStart(4, '0')}${run}`;
    const dossier: DossierRecord = {
      code,
      procedureCode: '1.013831',
      procedureName: 'Đăng ký biến động quyền sử dụng đất',
      ownerSub: 'bench-owner',
      receivingUnit: CENTRE,
      currentUnit: CENTRE,
      units: [CENTRE],
      state: 4,
      sub: 'in-transit',
      version: 4,
      submittedAt: sentAt,
      receivedAt: sentAt,
      dueAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
      clock: { processingDays: 8 },
      pausedDays: 0,
      supplementRequests: 0,
      hops: [
        {
          seq: 4,
          kind: 'transfer',
          fromUnit: CENTRE,
          toUnit: COMMUNE,
          sentBy: 'bench',
          sentAt,
          sentFrom: 'none',
          status: 'sent',
        },
      ],
      eventCount: 4,
      lastEventHash: 'bench',
      digitisation: { components: true, result: false },
    };
    const event: DossierEvent = {
      seq: 4,
      eventId: randomUUID(),
      code,
      type: 'transfer',
      at: sentAt,
      actor: { sub: 'bench', role: 'officer', unit: CENTRE },
      fromState: 4,
      toState: 4,
      fromUnit: CENTRE,
      toUnit: COMMUNE,
      data: { toUnit: COMMUNE },
      prevHash: 'bench',
      hash: 'bench',
    };
    // The item alone, as a transfer left it: no history event, so nothing else is set off.
    await documents.send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...dossierKey(code), entity: 'dossier', ...dossier },
      }),
    );
    await documents.send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...applicationKey(code), entity: 'application', ...BENCH_APPLICATION },
      }),
    );
    hops.push(event);
  }
  return hops;
}

const unitNotification = (code: string, at: number): Notification => ({
  id: `bench-${randomUUID()}:unit`,
  eventId: `bench-${at}`,
  kind: 'new-in-inbox',
  recipient: { unit: COMMUNE },
  code,
  at: new Date().toISOString(),
  vars: { code, procedureName: 'Đăng ký biến động quyền sử dụng đất' },
});

const BENCH_APPLICATION = {
  applicant: {
    kind: 'citizen',
    fullName: 'Lê Thị Mai',
    phone: '0911222333',
    address: 'Phường Trấn Biên, tỉnh Đồng Nai',
  },
  formData: {},
  components: [],
  delivery: { method: 'online' },
};
