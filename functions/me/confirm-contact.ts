import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { confirm } from '../../shared/services/contact-confirm.ts';
import { confirmContact as spec } from './confirm-contact.manifest.ts';

export const handler = httpHandler(spec, async ({ body, principal }) => ({
  body: await confirm(principal.sub, body.channel, body.address, body.code, now()),
}));
