import { httpHandler } from '../../shared/http/handler.ts';
import { prefillFor } from '../../shared/services/prefill.ts';
import { prefillApplication as spec } from './drafts.manifest.ts';

export const handler = httpHandler(spec, async ({ params, query, principal }) => ({
  body: await prefillFor(principal.sub, params.code, query.onBehalf === 'true'),
}));
