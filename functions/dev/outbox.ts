import { httpHandler } from '../../shared/http/handler.ts';
import { readOutbox } from '../../shared/messaging/transports.ts';
import { devOutbox as spec } from './outbox.manifest.ts';

export const handler = httpHandler(spec, async ({ query }) => ({
  body: { items: readOutbox(query.limit) },
}));
