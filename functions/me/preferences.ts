import { httpHandler } from '../../shared/http/handler.ts';
import { putPreferences } from '../../shared/persistence/notifications.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.putPreferences, async ({ body, principal }) => {
  await putPreferences(principal.sub, body, new Date());
  return { body };
});
