import { Server as HttpServer } from 'node:http';
import { Server } from 'node:net';
import { join } from 'node:path';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { conditionalWrites } from './s3-conditional.ts';

export interface FauxqsOptions {
  region: string;
  /** Where queues (SQLite) and objects (files) are kept across restarts; in memory when absent. */
  dataDir?: string;
}

/**
 * fauxqs for SQS and S3, on the loopback interface only, keeping its queues and objects
 * under the state folder when asked, so that a restart after any stop carries on where it
 * was, as AWS would.
 *
 * fauxqs always listens on every interface (0.0.0.0); while it starts, its listen call is
 * given the loopback address instead, and its server learns S3's conditional writes.
 */
export async function startLocalFauxqs(options: FauxqsOptions): Promise<FauxqsServer> {
  const listen = Server.prototype.listen;
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    const [first] = args;
    if (first && typeof first === 'object' && (first as { host?: string }).host === '0.0.0.0')
      args[0] = { ...(first as object), host: '127.0.0.1' };
    if (this instanceof HttpServer) conditionalWrites(this);
    return listen.apply(this, args as Parameters<typeof listen>);
  } as typeof listen;
  try {
    return await startFauxqs({
      port: 0,
      logger: false,
      defaultRegion: options.region,
      ...(options.dataDir
        ? { dataDir: join(options.dataDir, 'queues'), s3StorageDir: join(options.dataDir, 'objects') }
        : {}),
    });
  } finally {
    Server.prototype.listen = listen;
  }
}
