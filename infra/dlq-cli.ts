import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { interceptLocalhostDns } from 'fauxqs';
import { loadProvince } from '../shared/config/province.ts';
import { queues, streamFailureQueue } from '../shared/resources.ts';
import { dataStackName } from './build-app.ts';
import { type DeadLetters, listDeadLetters, redrive } from './dlq.ts';
import { STATE_DIR } from './local/cli.ts';

/**
 * `npm run dlq -- list <queue>` shows what waits in a queue's DLQ and why;
 * `npm run dlq -- redrive <queue>` moves it back. Against the running `npm start` by
 * default, or a deployed province with `--aws --province <id>`.
 */
const usage = `usage: npm run dlq -- list|redrive <queue> [--aws --province <id>]
  queues: ${[...Object.values(queues).map((queue) => queue.name), streamFailureQueue.name].join(', ')}`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { aws: { type: 'boolean', default: false }, province: { type: 'string', default: 'dong-nai' } },
});
const [command, name] = positionals;
if ((command !== 'list' && command !== 'redrive') || !name) fail(usage);
const definition = [...Object.entries(queues), ['streamFailures', streamFailureQueue] as const].find(
  ([, queue]) => queue.name === name,
);
if (!definition) fail(`unknown queue ${name}\n${usage}`);

const { sqs, queue } = values.aws ? await deployed(values.province!, definition[0]) : local(name!);
if (command === 'list') {
  const letters = await listDeadLetters(sqs, queue);
  process.stdout.write(`${letters.length} message(s) in the DLQ of ${name}\n`);
  for (const letter of letters) {
    process.stdout.write(
      `\n${letter.messageId}  sent ${letter.sentAt}  received ${letter.receiveCount}×\n  why: ${letter.why}\n  body: ${letter.body.slice(0, 300)}\n`,
    );
  }
} else {
  const result = await redrive(sqs, queue, (moved) => process.stdout.write(`\r  moved ${moved}`));
  process.stdout.write(
    result.mode === 'move-task'
      ? `\nmove task started: ${result.taskHandle}\n`
      : `\n${result.moved} message(s) moved back to ${name}\n`,
  );
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function local(queueName: string): { sqs: SQSClient; queue: DeadLetters } {
  const file = join(STATE_DIR, 'endpoints.json');
  if (!existsSync(file)) fail(`no local runtime found (${file}): start it with npm start, or use --aws`);
  const endpoints = JSON.parse(readFileSync(file, 'utf8'));
  const queue = endpoints.queues[queueName] as DeadLetters | undefined;
  if (!queue) fail(`the local runtime has no queue ${queueName}`);
  // fauxqs names its queues under *.localhost, which is loopback.
  interceptLocalhostDns();
  const sqs = new SQSClient({
    endpoint: endpoints.sqsEndpoint,
    region: endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { sqs, queue };
}

async function deployed(provinceId: string, key: string): Promise<{ sqs: SQSClient; queue: DeadLetters }> {
  const { region } = loadProvince(provinceId);
  // The queues live with the rest of the province's state.
  const stack = dataStackName(provinceId);
  const { Stacks } = await new CloudFormationClient({ region }).send(
    new DescribeStacksCommand({ StackName: stack }),
  );
  const outputs = Object.fromEntries(
    (Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]),
  );
  const prefix = key.charAt(0).toUpperCase() + key.slice(1);
  const url = outputs[`${prefix}QueueUrl`];
  const dlqUrl = outputs[`${prefix}DlqUrl`];
  if (!url || !dlqUrl) fail(`${stack} has no outputs for ${key}`);
  const sqs = new SQSClient({ region });
  const arn = async (queueUrl: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })))
      .Attributes!.QueueArn!;
  return {
    sqs,
    queue: {
      name: key,
      url,
      arn: await arn(url),
      dlqUrl,
      dlqArn: await arn(dlqUrl),
      fifo: url.endsWith('.fifo'),
    },
  };
}
