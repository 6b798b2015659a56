import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type QueueKey, queueEnvVar } from '../resources.ts';

/** Created once per execution environment; the endpoint comes from `AWS_ENDPOINT_URL_SQS` locally. */
const sqs = new SQSClient({});

function queueUrl(queue: QueueKey): string {
  const url = process.env[queueEnvVar(queue)];
  if (!url) throw new Error(`${queueEnvVar(queue)} is not set: the function may not send to ${queue}`);
  return url;
}

export async function send(
  queue: QueueKey,
  body: unknown,
  attributes: Record<string, string> = {},
): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl(queue),
      MessageBody: JSON.stringify(body),
      MessageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
      ),
    }),
  );
}
