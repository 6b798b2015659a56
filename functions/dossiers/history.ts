import { httpHandler } from '../../shared/http/handler.ts';
import { historyOf } from '../../shared/services/history.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.dossierHistory, async ({ params, principal }) => ({
  body: await historyOf(params.code, principal),
}));
