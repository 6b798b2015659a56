import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Manifest, takesToken } from '../../shared/manifest-types.ts';
import type { Verdict } from './authorizer.ts';
import type { ControlRequest } from './controls.ts';
import { type GatewayResponse, gatewayError, gatewayResponse, httpApiEvent } from './events.ts';
import { FunctionTimeout, type Invoke } from './invoke.ts';
import { createRouter } from './router.ts';

/** API Gateway refuses request bodies over 10 MB. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export interface GatewayOptions {
  manifest: Manifest;
  authorize: (authorization: string | undefined) => Promise<Verdict>;
  invoke: Invoke;
  host?: string;
  port: number;
  /** Observes every event handed to a function (conformance tests). */
  onEvent?: (event: unknown) => void;
  /** The runtime's own controls (`/dev/clock`, `/dev/settled`), answered before any route. */
  controls?: (request: ControlRequest) => Promise<GatewayResponse | undefined>;
}

/**
 * How long an idle kept-alive connection stays open, and how long the server says it does.
 * A client reuses a connection until shortly before the advertised time (Node's agent until
 * a second before); a client's request sent then but read by a paused server after its own
 * timer fired would be reset unanswered. So the server keeps connections far longer than it
 * advertises, as API Gateway keeps serving a connection a client still holds.
 */
export const KEEP_ALIVE = { advertisedMs: 5_000, keptMs: 65_000 };

export interface Gateway {
  url: string;
  close(): Promise<void>;
}

/** The local stand-in for the HTTP API: routes, JWT authorizer, Lambda proxy integration. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const router = createRouter(options.manifest);
  const server: Server = createServer(
    {
      keepAliveTimeout: KEEP_ALIVE.advertisedMs,
      keepAliveTimeoutBuffer: KEEP_ALIVE.keptMs - KEEP_ALIVE.advertisedMs,
    },
    (request, response) => {
      handle(request).then(
        (answer) => send(response, answer),
        () => send(response, gatewayError(500, 'Internal Server Error')),
      );
    },
  );

  async function handle(request: IncomingMessage): Promise<GatewayResponse> {
    const body = await readBody(request);
    if (!body) return gatewayError(413, 'Request Entity Too Large');
    const url = request.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    // API Gateway refuses a path it cannot decode before any route or function sees it.
    if (!decodable(path)) return gatewayError(400, 'Bad Request');
    const control = await options.controls?.({
      method: request.method ?? 'GET',
      path,
      query: new URLSearchParams(url.split('?')[1] ?? ''),
      body,
    });
    if (control) return control;
    const match = router.match(request.method ?? 'GET', path);
    if (!match) return gatewayError(404, 'Not Found');
    let claims: Record<string, string> | undefined;
    if (takesToken(match.route.access)) {
      const verdict = await options.authorize(request.headers.authorization);
      if (!verdict.ok) {
        return gatewayError(401, 'Unauthorized', {
          'www-authenticate': `Bearer error="invalid_token" error_description="${verdict.reason.replace(/"/g, "'")}"`,
        });
      }
      claims = verdict.claims;
    }
    const event = httpApiEvent(
      {
        method: request.method ?? 'GET',
        url,
        rawHeaders: request.rawHeaders,
        body,
        sourceIp: sourceIp(request),
      },
      match,
      claims,
      new Date(),
    );
    options.onEvent?.(event);
    try {
      return gatewayResponse(await options.invoke(match.name, event));
    } catch (error) {
      if (error instanceof FunctionTimeout) return gatewayError(503, 'Service Unavailable');
      process.stderr.write(`${match.name} failed: ${(error as Error).stack}\n`);
      return gatewayError(500, 'Internal Server Error');
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_PAYLOAD_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: GatewayResponse): void {
  response.writeHead(answer.statusCode, { ...answer.headers, 'content-length': answer.body.length });
  response.end(answer.body);
}

function decodable(path: string): boolean {
  try {
    decodeURI(path);
    return true;
  } catch {
    return false;
  }
}

function sourceIp(request: IncomingMessage): string {
  return (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}
