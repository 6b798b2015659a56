import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { requestConfirmation } from '../../shared/services/contacts.ts';
import { requestContactCode as spec } from './contacts.manifest.ts';

export const handler = httpHandler(spec, async ({ body, principal, language }) => {
  const contact = await requestConfirmation(principal.sub, body.channel, body.address, language, now());
  return { status: contact.status === 'confirmed' ? 200 : 202, body: contact };
});
