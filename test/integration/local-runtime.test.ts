import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
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
  it.skipIf(!outside)(
    'listens on the loopback interface only: DynamoDB Local, fauxqs and the gateway',
    async () => {
      const ports = [api.runtime.dynamodbEndpoint, api.runtime.awsEndpoint, api.runtime.url].map((url) =>
        Number(new URL(url).port),
      );
      for (const port of ports) {
        expect(await reaches('127.0.0.1', port), `127.0.0.1:${port}`).toBe(true);
        expect(await reaches(outside!, port), `${outside}:${port}`).toBe(false);
      }
    },
  );
});
