import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../infra/local/gateway.ts';
import type { Manifest } from '../../shared/manifest-types.ts';

const manifest = {
  ping: {
    entry: 'unused.ts',
    description: 'answers',
    memoryMb: 128,
    timeoutSeconds: 3,
    http: {
      method: 'GET',
      path: '/ping',
      access: 'public',
      summary: 'ping',
      tag: 'Test',
      response: { status: 200, description: 'pong' },
    },
    uses: {},
  },
} as unknown as Manifest;

let gateway: Gateway;
beforeAll(async () => {
  gateway = await startGateway({
    manifest,
    port: 0,
    authorize: async () => ({ ok: false, reason: 'no tokens here' }),
    invoke: async () => ({ statusCode: 200, body: 'pong' }),
  });
});
afterAll(() => gateway.close());

/** Reads one HTTP/1.1 response off the socket: its status and headers once its body is in. */
function nextResponse(socket: Socket): Promise<{ status: number; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...lines] = buffered.subarray(0, end).toString('latin1').split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      if (buffered.length - end - 4 < Number(headers['content-length'] ?? 0)) return;
      done();
      resolve({ status: Number(statusLine.split(' ')[1]), headers });
    };
    const onEnd = (error?: Error) => {
      done();
      reject(error ?? new Error('the server closed the connection without an answer'));
    };
    const done = () => {
      socket.off('data', onData).off('error', onEnd).off('close', onEnd);
    };
    socket
      .on('data', onData)
      .on('error', onEnd)
      .on('close', () => onEnd());
  });
}

const REQUEST = 'GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

/** Stops this thread (the gateway's too) without using the CPU, as a loaded machine would. */
const pauseProcess = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe('the local gateway’s kept-alive connections', () => {
  it('answers a request sent within the advertised keep-alive time even when the server pauses past it before reading', async () => {
    const socket = connect(Number(new URL(gateway.url).port), '127.0.0.1');
    try {
      socket.write(REQUEST);
      const first = await nextResponse(socket);
      const advertised = Number(/timeout=(\d+)/.exec(first.headers['keep-alive'] ?? '')?.[1]);
      expect(first.status).toBe(200);
      expect(advertised).toBeGreaterThan(0);
      // The client reuses the connection at once; the server's process then stalls past the
      // time it advertised (and past Node's own second of grace) before it reads the request.
      const second = nextResponse(socket);
      await new Promise<void>((resolve) => socket.write(REQUEST, () => resolve()));
      pauseProcess(advertised * 1000 + 1_500);
      expect((await second).status).toBe(200);
    } finally {
      socket.destroy();
    }
  }, 20_000);
});
