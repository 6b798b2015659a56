import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { readDraft } from '../../shared/services/drafts.ts';
import { getDraft as spec } from './drafts.manifest.ts';

export const handler = httpHandler(spec, async ({ params, principal }) => ({
  body: await readDraft(principal.sub, params.code, now()),
}));
