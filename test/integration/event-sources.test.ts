import {
  APIGatewayProxyEventV2Schema,
  DynamoDBStreamSchema,
  SqsSchema,
} from '@aws-lambda-powertools/parser/schemas';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import { listDeadLetters, redrive } from '../../infra/dlq.ts';
import type { Manifest } from '../../shared/manifest-types.ts';
import { eventually } from '../support/eventually.ts';
import { recorder } from '../support/fixtures/recorder.ts';
import { useRuntime } from '../support/runtime.ts';

/** Without the notification consumers, so that the tests own the queues. */
const { routeNotifications: _route, deliverNotifications: _deliver, ...withoutConsumers } = manifest;
const testManifest: Manifest = {
  ...withoutConsumers,
  recordStream: {
    entry: 'test/support/fixtures/stream-consumer.ts',
    description: 'records stream records',
    memoryMb: 128,
    timeoutSeconds: 10,
    stream: { batchSize: 10, retryAttempts: 2 },
    uses: {},
  },
  recordQueue: {
    entry: 'test/support/fixtures/queue-consumer.ts',
    description: 'records queue messages',
    memoryMb: 128,
    timeoutSeconds: 1,
    queue: { queue: 'dossierEvents', batchSize: 5, maxConcurrency: 2 },
    uses: {},
  },
};

const events: unknown[] = [];
const api = useRuntime({
  manifest: testManifest,
  onEvent: (event) => events.push(structuredClone(event)),
  queueOverrides: { dossierEvents: { visibilityTimeoutSeconds: 1, maxReceiveCount: 3 } },
});

const writeFixture = (sk: string) =>
  DynamoDBDocumentClient.from(api.runtime.clients.dynamodb).send(
    new PutCommand({ TableName: api.runtime.resources.tableName, Item: { pk: 'FIXTURE', sk } }),
  );

const count = (id: string) => recorder().processed.filter((processed) => processed === id).length;

describe('the event shapes the gateway and pollers produce', () => {
  it('HTTP events parse with the API Gateway v2 schema of Powertools', async () => {
    const token = await api.token('admin');
    await fetch(`${api.url}/procedures?field=ho-tich&field=dat-dai&limit=2`, {
      headers: { cookie: 'a=1; b=2' },
    });
    await fetch(`${api.url}/admin/procedures/1.001193`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    await fetch(`${api.url}/health`, {
      method: 'GET',
      headers: { 'content-type': 'application/octet-stream' },
    });
    const http = events.filter((event) => (event as { version?: string }).version === '2.0');
    expect(http).toHaveLength(3);
    for (const event of http) APIGatewayProxyEventV2Schema.parse(event);
    const list = http[0] as {
      queryStringParameters: Record<string, string>;
      cookies: string[];
      routeKey: string;
    };
    expect(list.routeKey).toBe('GET /procedures');
    expect(list.queryStringParameters).toEqual({ field: 'ho-tich,dat-dai', limit: '2' });
    expect(list.cookies).toEqual(['a=1', 'b=2']);
    const put = http[1] as {
      pathParameters: Record<string, string>;
      requestContext: { authorizer: unknown };
    };
    expect(put.pathParameters).toEqual({ code: '1.001193' });
    expect(put.requestContext.authorizer).toMatchObject({
      jwt: { claims: { 'cognito:groups': '[admin]', sub: 'test-admin' } },
    });
  });

  it('stream records reach their function and parse with the DynamoDB stream schema', async () => {
    await writeFixture('plain-1');
    await eventually(() => expect(count('plain-1')).toBe(1));
    const stream = events.filter(
      (event) =>
        (event as { Records?: { eventSource?: string }[] }).Records?.[0]?.eventSource === 'aws:dynamodb',
    );
    expect(stream.length).toBeGreaterThan(0);
    for (const event of stream) DynamoDBStreamSchema.parse(event);
  });

  it('a stream batch that fails part-way resumes from the failed record: nothing twice, nothing lost', async () => {
    for (const sk of ['before-1', 'flaky-1', 'after-1']) await writeFixture(sk);
    await eventually(() => expect(count('after-1')).toBe(1));
    expect(count('before-1')).toBe(1);
    expect(count('flaky-1')).toBe(1);
    expect(recorder().attempts.get('flaky-1')).toBe(2);
  });

  it('a record that keeps failing goes to the on-failure queue after its retries; the stream moves on', async () => {
    await writeFixture('poison-1');
    await writeFixture('plain-2');
    await eventually(() => expect(count('plain-2')).toBe(1));
    expect(recorder().attempts.get('poison-1')).toBe(3);
    const { Messages = [] } = await api.runtime.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: api.runtime.resources.streamFailures.url, WaitTimeSeconds: 2 }),
    );
    expect(Messages.map((message) => JSON.parse(message.Body!).records)).toContainEqual([
      { pk: { S: 'FIXTURE' }, sk: { S: 'poison-1' } },
    ]);
  });

  it('queue messages: partial failures come back, poison ends in the DLQ after maxReceiveCount', async () => {
    const queue = api.runtime.resources.queues.dossierEvents!;
    for (const body of ['ok-1', 'flaky-2', 'poison-2', 'ok-2']) {
      await api.runtime.clients.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
    }
    await eventually(() => expect(count('flaky-2')).toBe(1));
    expect(count('ok-1')).toBe(1);
    expect(count('ok-2')).toBe(1);
    const dead = await eventually(async () => {
      const { Messages = [] } = await api.runtime.clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, WaitTimeSeconds: 1 }),
      );
      expect(Messages).toHaveLength(1);
      return Messages[0]!;
    });
    expect(dead.Body).toBe('poison-2');
    expect(recorder().attempts.get('poison-2')).toBe(3);
    const sqs = events.filter(
      (event) => (event as { Records?: { eventSource?: string }[] }).Records?.[0]?.eventSource === 'aws:sqs',
    );
    expect(sqs.length).toBeGreaterThan(0);
    for (const event of sqs) SqsSchema.parse(event);
  });

  it('a poison message waits in the DLQ with why, and `dlq redrive` brings it back once fixed', async () => {
    const { url, arn, dlqUrl, dlqArn, definition } = api.runtime.resources.queues.dossierEvents!;
    const queue = { name: definition.name, url, arn, dlqUrl, dlqArn, fifo: false };
    await api.runtime.clients.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'healing-1' }));
    const letters = await eventually(async () => {
      const found = await listDeadLetters(api.runtime.clients.sqs, queue);
      expect(found.map((letter) => letter.body)).toContain('healing-1');
      return found;
    });
    expect(letters.find((letter) => letter.body === 'healing-1')?.why).toMatch(/maxReceiveCount/);
    expect(count('healing-1')).toBe(0);

    recorder().healed = true;
    const result = await redrive(api.runtime.clients.sqs, queue);
    expect(result).toMatchObject({ mode: 'copy' });
    await eventually(() => expect(count('healing-1')).toBe(1));
    expect(await listDeadLetters(api.runtime.clients.sqs, queue)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ body: 'healing-1' })]),
    );
  });
});
