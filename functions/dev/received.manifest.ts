import { ReceivedQuery, ReceiverParams } from '../../shared/api/dev-receivers.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const devReceived = {
  entry: 'functions/dev/received.ts',
  description: 'What a stand-in system was sent',
  memoryMb: 256,
  timeoutSeconds: 10,
  localOnly: true,
  http: {
    method: 'GET',
    path: '/dev/receivers/{name}',
    access: 'public',
    summary: 'Local runtime only: what a stand-in system was sent, newest first, with what it answered',
    tag: 'Development',
    request: { params: ReceiverParams, query: ReceivedQuery },
    response: { status: 200, description: 'Requests received' },
  },
  uses: { table: { read: ['devReceiver'] } },
} as const satisfies FunctionSpec;
