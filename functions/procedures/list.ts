import { httpHandler } from '../../shared/http/handler.ts';
import { listProcedures } from '../../shared/persistence/catalog.ts';
import { listProcedures as spec } from './list.manifest.ts';

export const handler = httpHandler(spec, async ({ query }) => {
  const { cursor, limit, ...filter } = query;
  return { body: await listProcedures(filter, limit, cursor) };
});
