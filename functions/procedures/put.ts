import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { etag, ifMatchVersion } from '../../shared/http/preconditions.ts';
import { replaceProcedure } from '../../shared/services/catalog.ts';
import { putProcedure as spec } from './put.manifest.ts';

export const handler = httpHandler(spec, async ({ params, body, principal, headers }) => {
  const expectedVersion = ifMatchVersion(headers['if-match']);
  const procedure = await replaceProcedure(
    { ...body, code: params.code },
    principal.sub,
    now(),
    expectedVersion,
  );
  return { body: procedure, headers: { etag: etag(procedure.version) } };
});
