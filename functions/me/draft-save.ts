import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { saveDraft } from '../../shared/services/drafts.ts';
import { saveDraft as spec } from './drafts.manifest.ts';

export const handler = httpHandler(spec, async ({ params, body, principal }) => ({
  body: await saveDraft(principal.sub, params.code, body.formData, now()),
}));
