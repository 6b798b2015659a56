import { httpHandler } from '../../shared/http/handler.ts';
import { listProcedures } from '../../shared/persistence/catalog.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.listProcedures, async ({ query }) => {
  const { cursor, limit, ...filter } = query;
  return { body: await listProcedures(filter, limit, cursor) };
});
