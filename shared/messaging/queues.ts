import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { deadLettersEnvVar, type QueueKey, queueEnvVar } from '../resources.ts';

/** Created once per execution environment; the endpoint comes from `AWS_ENDPOINT_URL_SQS` locally. */
const sqs = new SQSClient({});

function urlFrom(variable: string, what: string): string {
  const url = process.env[variable];
  if (!url) throw new Error(`${variable} is not set: the function may not send to ${what}`);
  return url;
}

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
  await sendTo(urlFrom(queueEnvVar(queue), queue), body, attributes, fifo);
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
  await sendTo(urlFrom(deadLettersEnvVar(queue), `the DLQ of ${queue}`), body, { reason }, fifo);
}
