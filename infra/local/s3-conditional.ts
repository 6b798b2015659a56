import { type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const PRECONDITION_FAILED =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>' +
  '<Message>At least one of the pre-conditions you specified did not hold</Message>' +
  '<Condition>If-None-Match</Condition></Error>';

/**
 * S3's conditional write, which fauxqs does not do: a PutObject with `If-None-Match: *` on a
 * key that exists answers 412 PreconditionFailed, as S3 does, and of two at once on one key
 * exactly one is written. Conditional writes to a key go one at a time; the others pass as
 * they are. Path-style requests only (the local runtime uses no other).
 */
export function conditionalWrites(server: Server): void {
  const handlers = server.listeners('request') as Handler[];
  server.removeAllListeners('request');
  const pass: Handler = (req, res) => {
    for (const handler of handlers) handler.call(server, req, res);
  };
  const turns = new Map<string, Promise<void>>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url?.split('?')[0] ?? '';
    const conditional =
      req.method === 'PUT' && req.headers['if-none-match'] === '*' && !req.headers['x-amz-copy-source'];
    if (!conditional || !/^\/[^/]+\/.+/.test(path)) return pass(req, res);
    const turn = (turns.get(path) ?? Promise.resolve()).then(async () => {
      if (await exists(server, path)) {
        res.writeHead(412, { 'content-type': 'application/xml' }).end(PRECONDITION_FAILED);
        return;
      }
      const done = new Promise<void>((resolve) => res.once('close', resolve));
      pass(req, res);
      await done;
    });
    const settled = turn.catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
    turns.set(path, settled);
    void settled.then(() => {
      if (turns.get(path) === settled) turns.delete(path);
    });
  });
}

/** Whether an object is there: a HEAD request to the same server. */
function exists(server: Server, path: string): Promise<boolean> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const head = request({ host: '127.0.0.1', port, path, method: 'HEAD' }, (answer) => {
      answer.resume();
      resolve(answer.statusCode === 200);
    });
    head.once('error', reject);
    head.end();
  });
}
