import { MarkReadBody } from '../../shared/api/me.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const markNotificationsRead = {
  entry: 'functions/me/read.ts',
  description: 'Marks notifications read',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/me/notifications/read',
    access: ['officer', 'citizen'],
    summary: 'Mark notifications read',
    tag: 'Notifications',
    request: { body: MarkReadBody },
    response: { status: 204, description: 'Marked' },
  },
  uses: { table: { read: ['catalog'], write: ['notifications'] } },
} as const satisfies FunctionSpec;
