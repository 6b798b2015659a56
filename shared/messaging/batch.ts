import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  SqsFifoPartialProcessorAsync,
} from '@aws-lambda-powertools/batch';
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
 * The same for a FIFO queue: messages in order, and once one of a group fails, the rest of
 * that group in the batch is reported failed without being tried, so that nothing of the
 * group overtakes it. Other groups go on.
 */
export function fifoQueueHandler<T>(handle: Handle<T>) {
  return handlerWith(() => new SqsFifoPartialProcessorAsync(), handle, { skipGroupOnError: true });
}

/**
 * A processor holds one batch's records and outcomes while it runs, so each invocation has its
 * own: one shared by overlapping invocations (the local runtime runs a consumer's batches side
 * by side in one process) reports another batch's outcomes, and a failed message as done.
 */
function handlerWith<T>(
  processorFor: () => BatchProcessor,
  handle: Handle<T>,
  options: { skipGroupOnError?: boolean },
) {
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
