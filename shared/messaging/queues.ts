import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { deadLettersEnvVar, queueEnvVar, resourceVariable } from '../env.ts';
import { traced } from '../observability.ts';
import type { QueueKey } from '../resources.ts';

/** Created once per execution environment; the endpoint comes from `AWS_ENDPOINT_URL_SQS` locally. */
export const sqs = traced(new SQSClient({}));

/** Where a message of a FIFO queue belongs: its group, and what makes a resend the same message. */
export interface FifoPlacement {
  groupId: string;
  deduplicationId: string;
}

async function sendTo(
  url: string,
  body: unknown,
  attributes: Record<string, string>,
  fifo: FifoPlacement | undefined,
): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: url,
      MessageBody: JSON.stringify(body),
      MessageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
      ),
      ...(fifo ? { MessageGroupId: fifo.groupId, MessageDeduplicationId: fifo.deduplicationId } : {}),
    }),
  );
}

export async function send(
  queue: QueueKey,
  body: unknown,
  attributes: Record<string, string> = {},
  fifo?: FifoPlacement,
): Promise<void> {
  await sendTo(resourceVariable(queueEnvVar(queue), `sendsTo ${queue}`), body, attributes, fifo);
}

/**
 * Puts a message that can never succeed straight into the queue's DLQ, saying why (the
 * `reason` attribute, which `npm run dlq -- list` shows); `redrive` brings it back once the
 * cause is fixed.
 */
export async function sendToDeadLetters(
  queue: QueueKey,
  body: unknown,
  reason: string,
  fifo?: FifoPlacement,
): Promise<void> {
  const url = resourceVariable(deadLettersEnvVar(queue), `deadLettersOf ${queue}`);
  await sendTo(url, body, { reason }, fifo);
}

/**
 * Leaves a received message invisible for `seconds` (at most SQS's 12 hours), so that it
 * comes back then for another try; in a FIFO queue its group waits with it.
 */
export async function delayRetry(queue: QueueKey, receiptHandle: string, seconds: number): Promise<void> {
  await sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: resourceVariable(queueEnvVar(queue), `sendsTo ${queue}`),
      ReceiptHandle: receiptHandle,
      VisibilityTimeout: Math.min(seconds, 12 * 3600),
    }),
  );
}
