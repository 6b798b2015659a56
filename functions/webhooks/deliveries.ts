import { httpHandler } from '../../shared/http/handler.ts';
import { deliveriesOf } from '../../shared/services/subscriptions.ts';
import { webhookDeliveries as spec } from './deliveries.manifest.ts';

export const handler = httpHandler(spec, async ({ params, query, integrator }) => ({
  body: await deliveriesOf(integrator, params.id, query.limit),
}));
