import { httpHandler } from '../../shared/http/handler.ts';
import { listInboxItems } from '../../shared/persistence/notifications.ts';
import { inboxOwner } from '../../shared/services/me.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.myNotifications, async ({ query, principal }) => ({
  body: await listInboxItems(inboxOwner(principal), query.limit, query.cursor),
}));
