import { httpHandler } from '../../shared/http/handler.ts';
import { subscriptionsOf } from '../../shared/services/subscriptions.ts';
import { listWebhooks as spec } from './list.manifest.ts';

export const handler = httpHandler(spec, async ({ integrator }) => ({
  body: await subscriptionsOf(integrator),
}));
