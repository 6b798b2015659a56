import { httpHandler } from '../../shared/http/handler.ts';
import { confirm } from '../../shared/services/contact-confirm.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.confirmContact, async ({ body, principal }) => ({
  body: await confirm(principal.sub, body.channel, body.address, body.code, new Date()),
}));
