import { httpHandler } from '../../shared/http/handler.ts';
import { integratorList } from '../../shared/services/integrators.ts';
import { listIntegrators as spec } from './list.manifest.ts';

export const handler = httpHandler(spec, async ({ query }) => ({
  body: await integratorList(query.limit, query.cursor),
}));
