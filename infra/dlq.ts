import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';

export interface DeadLetters {
  name: string;
  url: string;
  arn: string;
  dlqUrl: string;
  dlqArn: string;
  fifo: boolean;
}

export interface DeadLetter {
  messageId: string;
  sentAt: string;
  receiveCount: number;
  /** Where it came from and why it is here. */
  why: string;
  body: string;
}

/**
 * What waits in a DLQ, and why. Messages are looked at with a visibility timeout of zero,
 * so they stay where they are.
 */
export async function listDeadLetters(sqs: SQSClient, queue: DeadLetters, max = 100): Promise<DeadLetter[]> {
  const seen = new Map<string, DeadLetter>();
  for (let round = 0; round < 10 && seen.size < max; round += 1) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.dlqUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) break;
    for (const message of Messages) seen.set(message.MessageId!, deadLetter(message, queue));
  }
  return [...seen.values()].slice(0, max);
}

function deadLetter(message: Message, queue: DeadLetters): DeadLetter {
  const attributes = message.Attributes ?? {};
  const receiveCount = Number(attributes.ApproximateReceiveCount ?? 0);
  // A consumer that sent it here on purpose says why; a stream function's record says it in its body.
  const condition = message.MessageAttributes?.reason?.StringValue ?? parseCondition(message.Body);
  return {
    messageId: message.MessageId!,
    sentAt: new Date(Number(attributes.SentTimestamp ?? 0)).toISOString(),
    receiveCount,
    why: condition ?? `failed on every delivery to ${queue.name} (moved after maxReceiveCount)`,
    body: message.Body ?? '',
  };
}

/** Records a stream function gave up on say why in their body. */
function parseCondition(body: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(body ?? '');
    return parsed?.requestContext?.condition
      ? `stream records: ${parsed.requestContext.condition}`
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Moves every message of the DLQ back to its queue: SQS's own message move task where the
 * service has it, else one message at a time (send, then delete: a crash in between leaves
 * a duplicate, which the idempotent consumers absorb, never a loss).
 */
export async function redrive(
  sqs: SQSClient,
  queue: DeadLetters,
  progress: (moved: number) => void = () => {},
) {
  try {
    const { TaskHandle } = await sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: queue.dlqArn, DestinationArn: queue.arn }),
    );
    return { mode: 'move-task' as const, taskHandle: TaskHandle };
  } catch (error) {
    if (
      !/unsupported|not ?supported|not ?implemented|unknown|invalid ?action/i.test(
        `${(error as Error).name} ${(error as Error).message}`,
      )
    ) {
      throw error;
    }
  }
  let moved = 0;
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.dlqUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return { mode: 'copy' as const, moved };
    for (const message of Messages) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queue.url,
          MessageBody: message.Body!,
          ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
          ...(queue.fifo
            ? {
                MessageGroupId: message.Attributes?.MessageGroupId ?? 'redrive',
                MessageDeduplicationId: `${message.MessageId}-redrive`,
              }
            : {}),
        }),
      );
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: queue.dlqUrl, ReceiptHandle: message.ReceiptHandle! }),
      );
      moved += 1;
      progress(moved);
    }
  }
}
