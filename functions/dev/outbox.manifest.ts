import { OutboxQuery } from '../../shared/api/me.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const devOutbox = {
  entry: 'functions/dev/outbox.ts',
  description: 'Email and SMS the local runtime would have sent',
  memoryMb: 256,
  timeoutSeconds: 10,
  localOnly: true,
  http: {
    method: 'GET',
    path: '/dev/outbox',
    access: 'public',
    summary: 'Local runtime only: the email and SMS messages sent, newest first',
    tag: 'Development',
    request: { query: OutboxQuery },
    response: { status: 200, description: 'Messages' },
  },
  uses: { notifies: true },
} as const satisfies FunctionSpec;
