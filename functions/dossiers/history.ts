import { httpHandler } from '../../shared/http/handler.ts';
import { historyOf } from '../../shared/services/history.ts';
import { dossierHistory as spec } from './history.manifest.ts';

export const handler = httpHandler(spec, async ({ params, principal }) => ({
  body: await historyOf(params.code, principal),
}));
