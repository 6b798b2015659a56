import { httpHandler } from '../../shared/http/handler.ts';
import { markRead } from '../../shared/persistence/notifications.ts';
import { inboxOwner } from '../../shared/services/me.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.markNotificationsRead, async ({ body, principal }) => {
  await markRead(inboxOwner(principal), body.items);
  return { status: 204 };
});
