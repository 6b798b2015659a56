import type { Delivery, Subscription } from '../domain/deliveries.ts';
import { secretsInForce, webhookPayload } from '../domain/deliveries.ts';
import { receiptSigner } from '../signing/signer.ts';
import type { Connector } from './connector.ts';
import { post } from './http.ts';
import { connectorSettings } from './settings.ts';
import { openSecret } from './webhook-secrets.ts';
import { webhookHeaders } from './webhook-signature.ts';

/** A subscription's endpoint: the event as Standard Webhooks carries it, signed `v1` and `v1a`. */
export function webhookConnector(subscription: Subscription): Connector {
  return {
    async send(delivery: Delivery, now: Date) {
      const payload = JSON.stringify(
        webhookPayload(delivery.event, delivery.procedureCode, now, delivery.reference),
      );
      const secrets = await Promise.all(
        secretsInForce(subscription, now).map((sealed) => openSecret(subscription, sealed)),
      );
      const headers = await webhookHeaders(secrets, { id: delivery.id, at: now, payload }, (content) =>
        receiptSigner().sign(content),
      );
      return post(subscription.url, payload, headers, connectorSettings());
    },
  };
}
