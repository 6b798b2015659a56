import * as z from 'zod';
import { ReceiveParams } from '../../shared/api/dev-receivers.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const devReceive = {
  entry: 'functions/dev/receive.ts',
  description: 'Stand-in for another system (national portal, sector system, webhook receiver)',
  memoryMb: 256,
  timeoutSeconds: 10,
  localOnly: true,
  http: {
    method: 'POST',
    path: '/dev/receivers/{name}/{operation}',
    access: 'public',
    summary:
      'Local runtime only: records what a stand-in system is sent, and answers 200, or the failure it was told to give',
    tag: 'Development',
    request: { params: ReceiveParams, body: z.record(z.string(), z.unknown()) },
    response: { status: 200, description: 'Taken' },
  },
  uses: { table: { read: ['devReceiver'], write: ['devReceiver'] } },
} as const satisfies FunctionSpec;
