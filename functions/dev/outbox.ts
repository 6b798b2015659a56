import { httpHandler } from '../../shared/http/handler.ts';
import { readOutbox } from '../../shared/messaging/transports.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.devOutbox, async ({ query }) => ({
  body: { items: readOutbox(query.limit) },
}));
