import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketCorsCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { deadLettersEnvVar, ENV, queueEnvVar } from '../../shared/env.ts';
import {
  bucket,
  checkpointBucket,
  type QueueDefinition,
  queues,
  streamFailureQueue,
  table,
} from '../../shared/resources.ts';

export interface LocalNames {
  table: string;
  bucket: string;
  checkpoints: string;
  /** `dossier-events` → the queue's full local name. */
  queue(definition: QueueDefinition): string;
}

export const localNames = (prefix: string): LocalNames => ({
  table: `${prefix}-table`,
  bucket: `${prefix}-files`,
  checkpoints: `${prefix}-${checkpointBucket.nameSuffix}`,
  queue: (definition) => `${prefix}-${definition.name}${definition.fifo ? '.fifo' : ''}`,
});

export interface ProvisionedQueue {
  url: string;
  arn: string;
  dlqUrl: string;
  dlqArn: string;
  definition: QueueDefinition;
}

export interface Provisioned {
  tableName: string;
  bucketName: string;
  checkpointBucketName: string;
  queues: Record<string, ProvisionedQueue>;
  streamFailures: ProvisionedQueue;
  /** Environment variables naming every resource, as the CDK grants set them on AWS. */
  environment: Record<string, string>;
}

/** Creates (or finds) the table, queues and bucket from the shared definitions. */
export async function provision(
  clients: { dynamodb: DynamoDBClient; sqs: SQSClient; s3: S3Client },
  names: LocalNames,
  /** Shorter timeouts for tests that watch redelivery. */
  queueOverrides: Partial<Record<string, Partial<QueueDefinition>>> = {},
  /** The SQS endpoint of this start, for the URLs of queues kept from an earlier one. */
  sqsEndpoint?: string,
): Promise<Provisioned> {
  await createTable(clients.dynamodb, names.table);
  const created: Record<string, ProvisionedQueue> = {};
  for (const [key, base] of Object.entries(queues)) {
    const definition = { ...base, ...queueOverrides[key] };
    created[key] = await createQueueWithDlq(clients.sqs, names.queue(definition), definition, sqsEndpoint);
  }
  const streamFailures = await createQueueWithDlq(
    clients.sqs,
    names.queue(streamFailureQueue),
    streamFailureQueue,
    sqsEndpoint,
  );
  await createBucket(clients.s3, names.bucket);
  await createBucket(clients.s3, names.checkpoints);
  return {
    tableName: names.table,
    bucketName: names.bucket,
    checkpointBucketName: names.checkpoints,
    queues: created,
    streamFailures,
    environment: {
      [ENV.table]: names.table,
      [ENV.bucket]: names.bucket,
      [ENV.checkpointBucket]: names.checkpoints,
      ...Object.fromEntries(Object.entries(created).map(([key, queue]) => [queueEnvVar(key), queue.url])),
      ...Object.fromEntries(
        Object.entries(created).map(([key, queue]) => [deadLettersEnvVar(key), queue.dlqUrl]),
      ),
    },
  };
}

async function createTable(client: DynamoDBClient, name: string): Promise<void> {
  const keyNames = [
    table.partitionKey,
    table.sortKey,
    ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keyNames.map((attribute) => ({ AttributeName: attribute, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: table.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: index.include.length
            ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] }
            : { ProjectionType: 'KEYS_ONLY' },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    return;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: name });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
    }),
  );
}

async function createQueueWithDlq(
  sqs: SQSClient,
  name: string,
  definition: QueueDefinition,
  endpoint: string | undefined,
): Promise<ProvisionedQueue> {
  const fifo: Record<string, string> = definition.fifo ? { FifoQueue: 'true' } : {};
  const retention = String(definition.retentionDays * 86_400);
  const dlqName = definition.fifo ? name.replace(/\.fifo$/, '-dlq.fifo') : `${name}-dlq`;
  const dlq = await createQueue(
    sqs,
    dlqName,
    { ...fifo, MessageRetentionPeriod: String(14 * 86_400) },
    endpoint,
  );
  const main = await createQueue(
    sqs,
    name,
    {
      ...fifo,
      MessageRetentionPeriod: retention,
      VisibilityTimeout: String(definition.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: dlq.arn,
        maxReceiveCount: definition.maxReceiveCount,
      }),
    },
    endpoint,
  );
  return { url: main.url, arn: main.arn, dlqUrl: dlq.url, dlqArn: dlq.arn, definition };
}

async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
  endpoint: string | undefined,
) {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: atCurrentEndpoint(endpoint, QueueUrl!), arn: Attributes!.QueueArn! };
}

/**
 * A queue kept across restarts keeps the URL it was made with, port included; the URL is
 * given the endpoint of this start, so that nothing dials a port that is gone.
 */
function atCurrentEndpoint(endpoint: string | undefined, url: string): string {
  return endpoint ? url.replace(/^https?:\/\/[^/]+/, endpoint) : url;
}

async function createBucket(s3: S3Client, name: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  } catch (error) {
    const code = (error as Error).name;
    if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
  }
  await s3
    .send(
      new PutBucketCorsCommand({
        Bucket: name,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedMethods: [...bucket.cors.allowedMethods],
              AllowedHeaders: [...bucket.cors.allowedHeaders],
              AllowedOrigins: ['*'],
              MaxAgeSeconds: bucket.cors.maxAgeSeconds,
            },
          ],
        },
      }),
    )
    .catch(() => {
      // fauxqs may not implement bucket CORS; browsers are not part of the local runtime
    });
}
