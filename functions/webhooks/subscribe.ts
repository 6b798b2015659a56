import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { subscribe } from '../../shared/services/subscribing.ts';
import { subscribeWebhook as spec } from './subscribe.manifest.ts';

export const handler = httpHandler(spec, async ({ body, integrator }) => ({
  status: 201,
  body: await subscribe(body, integrator, now()),
}));
