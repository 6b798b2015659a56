import { httpHandler } from '../../shared/http/handler.ts';
import { markRead } from '../../shared/persistence/notifications.ts';
import { inboxOwner } from '../../shared/services/me.ts';
import { markNotificationsRead as spec } from './read.manifest.ts';

export const handler = httpHandler(spec, async ({ body, principal }) => {
  await markRead(inboxOwner(principal), body.items);
  return { status: 204 };
});
