import { FailuresBody, ReceiverParams } from '../../shared/api/dev-receivers.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const devFailures = {
  entry: 'functions/dev/failures.ts',
  description: 'Tells a stand-in system to fail its next requests',
  memoryMb: 256,
  timeoutSeconds: 10,
  localOnly: true,
  http: {
    method: 'POST',
    path: '/dev/failures/{name}',
    access: 'public',
    summary:
      'Local runtime only: the stand-in answers its next `times` requests with `status` (503 by default)',
    tag: 'Development',
    request: { params: ReceiverParams, body: FailuresBody },
    response: { status: 200, description: 'Set' },
  },
  uses: { table: { write: ['devReceiver'] } },
} as const satisfies FunctionSpec;
