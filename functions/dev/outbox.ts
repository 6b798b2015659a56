import { httpHandler } from '../../shared/http/handler.ts';
import { listOutbox } from '../../shared/persistence/notifications.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.devOutbox, async ({ query }) => ({
  body: { items: await listOutbox(query.limit) },
}));
