import { Agent, request as httpRequest } from 'node:http';

/** A request exactly as it goes on the wire. */
export interface WireRequest {
  method: string;
  /** Path and query, sent as they are: `fetch` would resolve `..` and re-encode `%`, hiding them. */
  target: string;
  headers: Record<string, string | string[]>;
  body?: string | Buffer;
}

export interface WireAnswer {
  /** 0 when no answer came (the connection failed or timed out). */
  status: number;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  error?: string;
}

const TIMEOUT_MS = 20_000;

/**
 * A client of the gateway that sends raw requests over a few kept-alive connections. A
 * request whose reused connection was closed before a byte of answer came never reached a
 * handler (the server closes idle connections only, and a request it read it answers): it is
 * sent again on a new connection, as clients do, and counted. No answer on a connection of
 * its own is a finding.
 */
export function wireClient(baseUrl: string, connections: number) {
  const base = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  let resent = 0;
  const sendOnce = (request: WireRequest, through: Agent | false) =>
    new Promise<WireAnswer & { reusedConnection?: boolean }>((resolve) => {
      const outgoing = httpRequest(
        {
          host: base.hostname,
          port: base.port,
          method: request.method,
          path: request.target,
          // Node sends a GET's body with no length at all unless told: say it, as every client does.
          headers:
            request.body === undefined
              ? request.headers
              : { 'content-length': String(Buffer.byteLength(request.body)), ...request.headers },
          agent: through,
          timeout: TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              contentType: response.headers['content-type'] ?? '',
              headers: response.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', (error) => resolve(noAnswer(error)));
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
      outgoing.on('error', (error: NodeJS.ErrnoException) =>
        resolve({
          ...noAnswer(error),
          reusedConnection: outgoing.reusedSocket && ['ECONNRESET', 'EPIPE'].includes(error.code ?? ''),
        }),
      );
      outgoing.end(request.body);
    });
  return {
    async send(request: WireRequest): Promise<WireAnswer> {
      const { reusedConnection, ...answer } = await sendOnce(request, agent);
      if (!reusedConnection) return answer;
      resent += 1;
      return sendOnce(request, false);
    },
    /** How many requests were sent again because their reused connection had been closed. */
    resent: () => resent,
    close: () => agent.destroy(),
  };
}

const noAnswer = (error: Error): WireAnswer => ({
  status: 0,
  contentType: '',
  headers: {},
  text: '',
  error: error.message,
});

/** Runs `work` over `items`, `width` at a time, keeping the answers in order. */
export async function pooled<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}
