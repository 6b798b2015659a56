import { NotificationPage, NotificationsQuery } from '../../shared/api/me.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const myNotifications = {
  entry: 'functions/me/notifications.ts',
  description: "The caller's in-app notifications",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/me/notifications',
    access: ['officer', 'citizen'],
    summary: "The caller's notifications, newest first (an officer's: their unit's)",
    tag: 'Notifications',
    request: { query: NotificationsQuery },
    response: { status: 200, description: 'One page of notifications', body: NotificationPage },
  },
  uses: { table: { read: ['notifications', 'catalog'] } },
} as const satisfies FunctionSpec;
