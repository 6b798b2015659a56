import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { etag, ifMatchVersion } from '../../shared/http/preconditions.ts';
import { rateDossier } from '../../shared/services/ratings.ts';
import { rateDossier as spec } from './rate.manifest.ts';

export const handler = httpHandler(spec, async ({ params, body, principal, headers }) => {
  const answer = await rateDossier(params.code, body, principal, ifMatchVersion(headers['if-match']), now());
  return { body: answer, headers: { etag: etag(answer.version) } };
});
