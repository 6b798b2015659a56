import { httpHandler } from '../../shared/http/handler.ts';
import { listAccess } from '../../shared/persistence/data-access.ts';
import { myDataAccess as spec } from './data-access.manifest.ts';

export const handler = httpHandler(spec, async ({ query, principal }) => ({
  body: await listAccess(principal.sub, query.limit, query.cursor),
}));
