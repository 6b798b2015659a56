import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { hasJavaCompiler } from '../../infra/local/java.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();

/** An address of this machine other than loopback, if it has one. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && !address.internal && address.family === 'IPv4')?.address;

const reaches = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

describe('the local runtime', () => {
  // DynamoDB Local keeps to loopback through a launcher that needs a JDK; with a runtime alone
  // it listens on every interface (and `npm start` says so).
  const endpoints = () => [
    api.runtime.awsEndpoint,
    api.runtime.url,
    ...(hasJavaCompiler() ? [api.runtime.dynamodbEndpoint] : []),
  ];
  it.skipIf(!outside)(
    `listens on the loopback interface only: fauxqs, the gateway${hasJavaCompiler() ? ' and DynamoDB Local' : ''}`,
    async () => {
      const ports = endpoints().map((url) => Number(new URL(url).port));
      for (const port of ports) {
        expect(await reaches('127.0.0.1', port), `127.0.0.1:${port}`).toBe(true);
        expect(await reaches(outside!, port), `${outside}:${port}`).toBe(false);
      }
    },
  );

  it('writes an object with If-None-Match only where none is, as S3 does: of five at once, one', async () => {
    const { s3 } = api.runtime.clients;
    const Bucket = api.runtime.resources.checkpointBucketName;
    const Key = `checkpoints/test-${randomUUID()}.json`;
    const put = (body: string) =>
      s3
        .send(new PutObjectCommand({ Bucket, Key, Body: body, IfNoneMatch: '*' }))
        .then(() => 'written')
        .catch((error: Error & { $metadata?: { httpStatusCode?: number } }) =>
          error.name === 'PreconditionFailed' && error.$metadata?.httpStatusCode === 412
            ? 'refused'
            : error.name,
        );
    const outcomes = await Promise.all(['1', '2', '3', '4', '5'].map(put));
    expect(outcomes.filter((outcome) => outcome === 'written')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'refused')).toHaveLength(4);
    const kept = await s3.send(new GetObjectCommand({ Bucket, Key }));
    const winner = outcomes.indexOf('written') + 1;
    expect(await kept.Body!.transformToString()).toBe(String(winner));
    expect(await put('6')).toBe('refused');
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'plain' }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString()).toBe(
      'plain',
    );
  });
});
