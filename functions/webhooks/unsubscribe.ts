import { httpHandler } from '../../shared/http/handler.ts';
import { unsubscribe } from '../../shared/services/subscriptions.ts';
import { unsubscribeWebhook as spec } from './unsubscribe.manifest.ts';

export const handler = httpHandler(spec, async ({ params, integrator }) => {
  await unsubscribe(integrator, params.id);
  return { status: 204 };
});
