import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  /** The body exactly as it came. */
  body: string;
  answered: number;
}

/**
 * A webhook receiver on this machine: records every request as it came, and answers 204, or
 * the failure it was told to give for its next requests.
 */
export async function startReceiver() {
  const received: Received[] = [];
  let failures: { left: number; status: number } = { left: 0, status: 500 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const failing = failures.left > 0;
      if (failing) failures.left -= 1;
      const answered = failing ? failures.status : 204;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString(), answered });
      response.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** The next `times` requests are answered with `status`. */
    failNext(times: number, status = 500) {
      failures = { left: times, status };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
