import { now } from '../../shared/clock.ts';
import type { Notification } from '../../shared/domain/notifications.ts';
import { queueHandler } from '../../shared/messaging/batch.ts';
import { deliver } from '../../shared/services/notify.ts';

export const handler = queueHandler<Notification>((notification) => deliver(notification, now()));
