import { httpHandler } from '../../shared/http/handler.ts';
import { listInboxItems } from '../../shared/persistence/notifications.ts';
import { inboxOwner } from '../../shared/services/me.ts';
import { myNotifications as spec } from './notifications.manifest.ts';

export const handler = httpHandler(spec, async ({ query, principal }) => ({
  body: await listInboxItems(inboxOwner(principal), query.limit, query.cursor),
}));
