import { httpHandler } from '../../shared/http/handler.ts';
import { unitInbox } from '../../shared/services/dossiers.ts';
import { unitInbox as spec } from './inbox.manifest.ts';

export const handler = httpHandler(spec, async ({ params, query, principal }) => {
  const { state, dueBefore, limit, cursor } = query;
  return { body: await unitInbox(params.unitCode, { state, dueBefore }, { limit, cursor }, principal) };
});
