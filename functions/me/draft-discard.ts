import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { discardDraft } from '../../shared/services/draft-records.ts';
import { discardDraft as spec } from './drafts.manifest.ts';

export const handler = httpHandler(spec, async ({ params, principal }) => {
  await discardDraft(principal.sub, params.code, now());
  return { status: 204 };
});
