import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  /** The body exactly as it came. */
  body: string;
  answered: number;
}

/** What the receiver does with one of its next requests, instead of answering 204 at once. */
type Plan = (request: { headers: IncomingHttpHeaders; body: string }, response: ServerResponse) => void;

/**
 * A webhook receiver on this machine: records every request as it came, and answers 204, or
 * the failure it was told to give for its next requests; it can also hold its next request
 * until told how to answer, or trickle its answer a byte at a time.
 */
export async function startReceiver() {
  const received: Received[] = [];
  let failures: { left: number; status: number } = { left: 0, status: 500 };
  const plans: Plan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const plan = plans.shift();
      if (plan) return plan({ headers: request.headers, body }, response);
      const failing = failures.left > 0;
      if (failing) failures.left -= 1;
      const answered = failing ? failures.status : 204;
      received.push({ headers: request.headers, body, answered });
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
    /** The next request waits, unanswered, until `answer` is called. */
    holdNext() {
      const arrived = Promise.withResolvers<string>();
      const status = Promise.withResolvers<number>();
      plans.push((request, response) => {
        arrived.resolve(request.body);
        void status.promise.then((answered) => {
          received.push({ ...request, answered });
          response.writeHead(answered).end();
        });
      });
      return { arrived: arrived.promise, answer: status.resolve };
    },
    /**
     * The next request is answered 200 and then a byte every tenth of a second, never
     * finishing until `finish` is called (or the sender gives up).
     */
    trickleNext() {
      const arrived = Promise.withResolvers<string>();
      const closed = Promise.withResolvers<void>();
      let open = true;
      let finish: () => void = () => undefined;
      plans.push((request, response) => {
        arrived.resolve(request.body);
        response.writeHead(200, { 'content-type': 'text/plain' });
        const trickle = setInterval(() => response.write('.'), 100);
        response.on('close', () => {
          clearInterval(trickle);
          open = false;
          received.push({ ...request, answered: 200 });
          closed.resolve();
        });
        finish = () => {
          response.end();
        };
      });
      return {
        arrived: arrived.promise,
        closed: closed.promise,
        isOpen: () => open,
        finish: () => finish(),
      };
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
