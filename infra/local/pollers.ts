import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, SQSBatchResponse } from 'aws-lambda';
import type { FunctionSpec, StreamTrigger } from '../../shared/manifest-types.ts';
import { type StreamApiRecord, sqsEvent, streamRecord } from './events.ts';
import type { Invoke } from './invoke.ts';
import type { ProvisionedQueue } from './provision.ts';
import type { Signal } from './wakeups.ts';

export interface Poller {
  stop(): Promise<void>;
}

/** A stream poller can say when it has caught up: a whole pass over its shards found nothing new. */
export interface StreamPoller extends Poller {
  /** Resolves after a pass that starts after this call reads no record from any shard. */
  caughtUp(): Promise<void>;
}

/**
 * A switch the pollers look at before taking more work: while it is off they take nothing
 * (the bench measures request paths with the background held; work under way finishes).
 */
export class BackgroundGate {
  private held: { promise: Promise<void>; release: () => void } | undefined;

  hold(): void {
    if (this.held) return;
    let release!: () => void;
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.held = { promise, release };
  }

  release(): void {
    this.held?.release();
    this.held = undefined;
  }

  /** Resolves at once, or when the background is let go again. */
  passed(): Promise<void> {
    return this.held?.promise ?? Promise.resolve();
  }
}

export interface PollerOptions {
  /** Held while the runtime holds its background work. */
  gate?: BackgroundGate;
  name: string;
  spec: FunctionSpec;
  region: string;
  invoke: Invoke;
  onEvent?: (event: unknown) => void;
  onError?: (error: Error) => void;
  /**
   * Notified when work may have come (a message sent, an item written, in this process): an
   * idle poller waits on it, up to its idle time, instead of asking again and again.
   */
  wake?: Signal;
}

/** How often a stream's shards are described again (sooner when one of them ends). */
const DESCRIBE_EVERY_MS = 10_000;

/** How long an idle poller waits before asking again, unless woken. */
export const IDLE_MS = { queue: 2_000, queueSpare: 10_000, stream: 1_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Drives a queue-triggered function as Lambda's SQS event source mapping does: batches of
 * up to `batchSize`, `maxConcurrency` pollers, partial batch responses. A failed message is
 * left alone; it comes back after the visibility timeout and, after `maxReceiveCount`
 * deliveries, SQS itself moves it to the DLQ.
 */
export function startQueuePoller(sqs: SQSClient, queue: ProvisionedQueue, options: PollerOptions): Poller {
  const trigger = options.spec.queue!;
  let running = true;
  // Idle, the first loop asks every couple of seconds (for messages whose visibility or delay
  // ran out, which nothing announces); the others wait to be woken.
  const loop = async (index: number) => {
    const idle = (since: number) =>
      options.wake
        ? options.wake.wait(index === 0 ? IDLE_MS.queue : IDLE_MS.queueSpare, since)
        : sleep(index === 0 ? 100 : 1_000);
    while (running) {
      await options.gate?.passed();
      if (!running) break;
      const asked = options.wake?.count ?? 0;
      try {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.url,
            MaxNumberOfMessages: Math.min(trigger.batchSize, 10),
            WaitTimeSeconds: 0,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        if (Messages.length === 0 || !running) {
          if (running) await idle(asked);
          continue;
        }
        const event = sqsEvent(Messages, queue.arn, options.region);
        options.onEvent?.(event);
        const failed = await failedMessages(options, event);
        const done = event.Records.filter((record) => !failed.has(record.messageId));
        if (done.length) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queue.url,
              Entries: done.map((record, at) => ({ Id: String(at), ReceiptHandle: record.receiptHandle })),
            }),
          );
        }
      } catch (error) {
        if (running) options.onError?.(error as Error);
        await sleep(200);
      }
    }
  };
  const loops = Array.from({ length: trigger.maxConcurrency }, (_, index) => loop(index));
  return {
    async stop() {
      running = false;
      options.wake?.notify();
      await Promise.allSettled(loops);
    },
  };
}

async function failedMessages(
  options: PollerOptions,
  event: ReturnType<typeof sqsEvent>,
): Promise<Set<string>> {
  const all = new Set(event.Records.map((record) => record.messageId));
  try {
    const result = (await options.invoke(options.name, event)) as SQSBatchResponse | undefined;
    const failures = result?.batchItemFailures ?? [];
    // Lambda fails the whole batch when a reported identifier is not one of the batch.
    if (failures.some((failure) => !all.has(failure.itemIdentifier))) return all;
    return new Set(failures.map((failure) => failure.itemIdentifier));
  } catch (error) {
    options.onError?.(error as Error);
    return all;
  }
}

export interface StreamPollerOptions extends PollerOptions {
  tableName: string;
  /** Lambda's on-failure destination: records that exhausted their retries. */
  failureQueue: ProvisionedQueue;
  /** Where shard positions are kept across restarts; in memory when absent. */
  checkpointFile?: string;
  /** Whether a removal was the local time to live's (the stream then names the service). */
  removedByService?: (keys: Record<string, unknown> | undefined) => boolean;
  pollIntervalMs?: number;
}

/**
 * Drives a stream-triggered function as Lambda's DynamoDB event source mapping does: shards
 * in order, batches of `batchSize`, partial batch responses (a failure resumes from the
 * failed record), `retryAttempts` retries and then the on-failure destination for the
 * record that keeps failing.
 */
export async function startStreamPoller(
  dynamodb: DynamoDBClient,
  streams: DynamoDBStreamsClient,
  sqs: SQSClient,
  options: StreamPollerOptions,
): Promise<StreamPoller> {
  const trigger = options.spec.stream!;
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`${options.tableName} has no stream`);
  const checkpoints = loadCheckpoints(options.checkpointFile);
  const finished = new Set<string>();
  const iterators = new Map<string, string>();
  let running = true;
  // Callers waiting for a pass that reads nothing: `next` join at the start of the following pass.
  const waiting: (() => void)[] = [];
  const next: (() => void)[] = [];
  let readSomething = false;

  const saveCheckpoint = (shardId: string, sequenceNumber: string) => {
    checkpoints[shardId] = sequenceNumber;
    if (!options.checkpointFile) return;
    // Written whole or not at all: a process killed mid-write leaves the previous position.
    writeFileSync(`${options.checkpointFile}.next`, JSON.stringify(checkpoints));
    renameSync(`${options.checkpointFile}.next`, options.checkpointFile);
  };

  // The shards, described again every few seconds or once one of them ends.
  let described: { at: number; finished: number; shards: Shard[] } | undefined;
  const describe = async (): Promise<Shard[]> => {
    if (described && Date.now() - described.at < DESCRIBE_EVERY_MS && described.finished === finished.size)
      return described.shards;
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    described = { at: Date.now(), finished: finished.size, shards };
    return shards;
  };

  const openShards = async (): Promise<Shard[]> => {
    const shards = await describe();
    // A child shard waits until its parent is read to the end, which keeps per-key order.
    return shards.filter(
      (shard) =>
        !finished.has(shard.ShardId!) &&
        (!shard.ParentShardId ||
          finished.has(shard.ParentShardId) ||
          !shards.some((s) => s.ShardId === shard.ParentShardId)),
    );
  };

  const iteratorFor = async (shardId: string): Promise<string | undefined> => {
    const known = iterators.get(shardId);
    if (known) return known;
    const after = checkpoints[shardId];
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  };

  const deliver = async (shardId: string, records: StreamApiRecord[]): Promise<void> => {
    let pending = records;
    let attempts = 0;
    while (pending.length && running) {
      const event = { Records: pending.map((record) => streamRecord(record, streamArn, options.region)) };
      options.onEvent?.(event);
      const failedAt = await firstFailure(options, event);
      if (failedAt === undefined) {
        saveCheckpoint(shardId, pending.at(-1)!.dynamodb!.SequenceNumber!);
        return;
      }
      if (failedAt > 0) {
        saveCheckpoint(shardId, pending[failedAt - 1]!.dynamodb!.SequenceNumber!);
        pending = pending.slice(failedAt);
        attempts = 0;
        continue;
      }
      attempts += 1;
      if (attempts > trigger.retryAttempts) {
        // As bisectBatchOnError ends up doing: only the record that keeps failing is given up.
        const [poisoned, ...rest] = pending;
        await sendToFailureDestination(sqs, options, streamArn, shardId, [poisoned!]);
        saveCheckpoint(shardId, poisoned!.dynamodb!.SequenceNumber!);
        pending = rest;
        attempts = 0;
        continue;
      }
      await sleep(Math.min(100 * 2 ** attempts, 2000));
    }
  };

  const pollShard = async (shard: Shard): Promise<void> => {
    const shardId = shard.ShardId!;
    const iterator = await iteratorFor(shardId);
    if (!iterator) {
      finished.add(shardId);
      return;
    }
    const { Records = [], NextShardIterator } = await streams.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: trigger.batchSize }),
    );
    if (Records.length) {
      readSomething = true;
      const records = Records as StreamApiRecord[];
      const wanted = records
        .map((record) => withIdentity(record, options))
        .filter((record) => matchesFilter(record, trigger));
      if (wanted.length) await deliver(shardId, wanted);
      if (!running) {
        // Read again from the checkpoint next time, so that a stop mid-batch loses nothing.
        iterators.delete(shardId);
        return;
      }
      saveCheckpoint(shardId, records.at(-1)!.dynamodb!.SequenceNumber!);
    }
    if (NextShardIterator) {
      // The whole batch is handed over and checkpointed: the next read starts right after it.
      iterators.set(shardId, NextShardIterator);
    } else {
      finished.add(shardId);
      iterators.delete(shardId);
    }
  };

  const loop = (async () => {
    while (running) {
      await options.gate?.passed();
      if (!running) break;
      waiting.push(...next.splice(0));
      readSomething = false;
      let failed = false;
      const asked = options.wake?.count ?? 0;
      try {
        for (const shard of await openShards()) {
          if (!running) break;
          await pollShard(shard);
        }
      } catch (error) {
        failed = true;
        if (running) options.onError?.(error as Error);
        iterators.clear();
      }
      if (!readSomething && !failed) for (const resolve of waiting.splice(0)) resolve();
      if (failed) described = undefined;
      if (readSomething || !running) continue;
      // Idle: until something is written, or someone waits for a pass.
      if (options.wake) await options.wake.wait(options.pollIntervalMs ?? IDLE_MS.stream, asked);
      else await sleep(options.pollIntervalMs ?? 100);
    }
    for (const resolve of [...waiting.splice(0), ...next.splice(0)]) resolve();
  })();

  return {
    async stop() {
      running = false;
      options.wake?.notify();
      await loop;
    },
    caughtUp: () => {
      if (!running) return Promise.resolve();
      const pass = new Promise<void>((resolve) => next.push(resolve));
      options.wake?.notify();
      return pass;
    },
  };
}

/**
 * The event source filter: with an `entity`, only INSERTs of items of that entity (or those), or for
 * `expiry`, only the removals of such items by the table's time to live.
 */
function matchesFilter(record: StreamApiRecord, trigger: StreamTrigger): boolean {
  if (!trigger.entity) return true;
  const entities: readonly string[] = typeof trigger.entity === 'string' ? [trigger.entity] : trigger.entity;
  const ofEntity = (image: { entity?: { S?: string } } | undefined) =>
    entities.includes(image?.entity?.S ?? '');
  if (trigger.change === 'expiry') {
    const old = record.dynamodb?.OldImage as { entity?: { S?: string } } | undefined;
    return record.eventName === 'REMOVE' && record.userIdentity?.Type === 'Service' && ofEntity(old);
  }
  const image = record.dynamodb?.NewImage as { entity?: { S?: string } } | undefined;
  return record.eventName === 'INSERT' && ofEntity(image);
}

/** A removal the local time to live made carries the service's identity, as on AWS. */
function withIdentity(record: StreamApiRecord, options: StreamPollerOptions): StreamApiRecord {
  if (record.eventName !== 'REMOVE' || !options.removedByService?.(record.dynamodb?.Keys)) return record;
  return { ...record, userIdentity: { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' } };
}

/** Index of the first failed record, as partial batch responses report it; 0 when all failed. */
async function firstFailure(
  options: PollerOptions,
  event: { Records: { dynamodb?: { SequenceNumber?: string } }[] },
): Promise<number | undefined> {
  try {
    const result = (await options.invoke(options.name, event)) as DynamoDBBatchResponse | undefined;
    const failures = result?.batchItemFailures ?? [];
    if (failures.length === 0) return undefined;
    const positions = failures.map((failure) =>
      event.Records.findIndex((record) => record.dynamodb?.SequenceNumber === failure.itemIdentifier),
    );
    return positions.some((position) => position < 0) ? 0 : Math.min(...positions);
  } catch (error) {
    options.onError?.(error as Error);
    return 0;
  }
}

async function sendToFailureDestination(
  sqs: SQSClient,
  options: StreamPollerOptions,
  streamArn: string,
  shardId: string,
  records: StreamApiRecord[],
): Promise<void> {
  const first = records[0]!.dynamodb!;
  const last = records.at(-1)!.dynamodb!;
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: options.failureQueue.url,
      MessageBody: JSON.stringify({
        requestContext: { functionArn: `motcua-${options.name}`, condition: 'RetryAttemptsExhausted' },
        DDBStreamBatchInfo: {
          shardId,
          startSequenceNumber: first.SequenceNumber,
          endSequenceNumber: last.SequenceNumber,
          batchSize: records.length,
          streamArn,
        },
        records: records.map((record) => record.dynamodb?.Keys),
      }),
    }),
  );
}

function loadCheckpoints(file: string | undefined): Record<string, string> {
  if (!file || !existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}
