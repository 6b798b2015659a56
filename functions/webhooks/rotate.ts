import { httpHandler } from '../../shared/http/handler.ts';
import { rotateSecret } from '../../shared/services/subscribing.ts';
import { rotateWebhookSecret as spec } from './rotate.manifest.ts';

export const handler = httpHandler(spec, async ({ params, integrator }) => ({
  body: await rotateSecret(integrator, params.id, new Date()),
}));
