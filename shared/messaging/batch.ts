import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaHandler, logger } from '../observability.ts';

type Handle<T> = (body: T, record: SQSRecord) => Promise<unknown>;

/**
 * A queue consumer's handler: each message through `handle`, failures reported one by one
 * (partial batch response), so that only those come back and, after maxReceiveCount, go to
 * the DLQ.
 */
export function queueHandler<T>(handle: Handle<T>) {
  return handlerWith(() => new BatchProcessor(EventType.SQS), handle, {});
}

/**
 * The same for a FIFO queue: each message group's messages in order, and once one of a group
 * fails, the rest of that group in the batch is reported failed without being tried, so that
 * nothing of the group overtakes it. The groups of a batch run side by side: one group's slow
 * message (a target that takes its whole deadline to answer) never holds another group's back.
 */
export function fifoQueueHandler<T>(handle: Handle<T>) {
  return lambdaHandler(async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const groups = Map.groupBy(event.Records, (record) => record.attributes?.MessageGroupId ?? '');
    const failed = await Promise.all([...groups.values()].map((records) => groupFailures(handle, records)));
    return { batchItemFailures: failed.flat().map((itemIdentifier) => ({ itemIdentifier })) };
  });
}

/** One group's messages in order: the one that fails, and every one after it, come back. */
async function groupFailures<T>(handle: Handle<T>, records: SQSRecord[]): Promise<string[]> {
  for (const [index, record] of records.entries()) {
    try {
      await handleOne(handle, record);
    } catch {
      return records.slice(index).map((one) => one.messageId);
    }
  }
  return [];
}

/**
 * A processor holds one batch's records and outcomes while it runs, so each invocation has its
 * own: one shared by overlapping invocations (the local runtime runs a consumer's batches side
 * by side in one process) reports another batch's outcomes, and a failed message as done.
 */
function handlerWith<T>(processorFor: () => BatchProcessor, handle: Handle<T>, options: object) {
  return lambdaHandler(
    (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
      processPartialResponse(event, (record: SQSRecord) => handleOne(handle, record), processorFor(), {
        context,
        // A batch whose every message failed is answered like any other, message by message:
        // a Lambda error is kept for what the function itself could not do.
        throwOnFullBatchFailure: false,
        ...options,
      } as Parameters<typeof processPartialResponse>[3]),
  );
}

/** One message; a failure is logged with what names it (message, dossier, event) and reported. */
async function handleOne<T>(handle: Handle<T>, record: SQSRecord): Promise<unknown> {
  const body = JSON.parse(record.body) as T;
  try {
    return await handle(body, record);
  } catch (error) {
    logger.warn('message failed; it comes back after the visibility timeout', {
      messageId: record.messageId,
      receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 0),
      ...idsOf(body),
      error,
    });
    throw error;
  }
}

/** The dossier code and event or notification id a message carries, for log lines. */
function idsOf(body: unknown): Record<string, string> {
  const { code, eventId, id } = (body ?? {}) as Record<string, unknown>;
  return {
    ...(typeof code === 'string' ? { dossier: code } : {}),
    ...(typeof eventId === 'string' ? { eventId } : typeof id === 'string' ? { eventId: id } : {}),
  };
}
