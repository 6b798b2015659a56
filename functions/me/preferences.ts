import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { putPreferences } from '../../shared/persistence/notifications.ts';
import { putPreferences as spec } from './preferences.manifest.ts';

export const handler = httpHandler(spec, async ({ body, principal }) => {
  await putPreferences(principal.sub, body, now());
  return { body };
});
