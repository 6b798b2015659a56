import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * A queue consumer's handler: each message through `handle`, failures reported one by one
 * (partial batch response), so that only those come back and, after maxReceiveCount, go to
 * the DLQ.
 */
export function queueHandler<T>(handle: (body: T, record: SQSRecord) => Promise<unknown>) {
  const processor = new BatchProcessor(EventType.SQS);
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(
      event,
      (record: SQSRecord) => handle(JSON.parse(record.body) as T, record),
      processor,
      {
        context,
      },
    );
}
