import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { confirmPayment, paymentView } from '../../shared/services/integrations.ts';
import { integrationPayment as spec } from './payment.manifest.ts';

export const handler = httpHandler(spec, async ({ body, integrator }) => ({
  body: paymentView(await confirmPayment(body, integrator, now())),
}));
