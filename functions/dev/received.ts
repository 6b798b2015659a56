import { httpHandler } from '../../shared/http/handler.ts';
import { listReceived } from '../../shared/persistence/dev-receivers.ts';
import { devReceived as spec } from './received.manifest.ts';

export const handler = httpHandler(spec, async ({ params, query }) => ({
  body: { items: await listReceived(params.name, query.limit) },
}));
