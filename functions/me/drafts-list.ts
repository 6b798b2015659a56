import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { draftsOf } from '../../shared/services/draft-records.ts';
import { listDrafts as spec } from './drafts.manifest.ts';

export const handler = httpHandler(spec, async ({ principal }) => ({
  body: { items: await draftsOf(principal.sub, now()) },
}));
