import { httpHandler } from '../../shared/http/handler.ts';
import { replay } from '../../shared/services/redeliveries.ts';
import { replayDelivery as spec } from './replay.manifest.ts';

export const handler = httpHandler(spec, async ({ params, integrator }) => ({
  status: 202,
  body: await replay(integrator, params.id, params.deliveryId),
}));
