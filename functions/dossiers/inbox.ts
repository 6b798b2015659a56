import { httpHandler } from '../../shared/http/handler.ts';
import { unitInbox } from '../../shared/services/dossiers.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.unitInbox, async ({ params, query, principal }) => {
  const { state, dueBefore, limit, cursor } = query;
  return { body: await unitInbox(params.unitCode, { state, dueBefore }, { limit, cursor }, principal) };
});
