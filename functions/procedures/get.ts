import { httpHandler } from '../../shared/http/handler.ts';
import { etag } from '../../shared/http/preconditions.ts';
import { readProcedure } from '../../shared/services/catalog.ts';
import { getProcedure as spec } from './get.manifest.ts';

export const handler = httpHandler(spec, async ({ params }) => {
  const procedure = await readProcedure(params.code);
  return { body: procedure, headers: { etag: etag(procedure.version) } };
});
