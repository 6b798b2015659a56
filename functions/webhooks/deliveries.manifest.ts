import { DeliveriesQuery, DeliveryList, SubscriptionParams } from '../../shared/api/webhooks.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const webhookDeliveries = {
  entry: 'functions/webhooks/deliveries.ts',
  description: "A webhook subscription's deliveries and every attempt",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/integrations/v1/webhooks/{id}/deliveries',
    access: { integrator: 'webhooks:manage' },
    summary: 'The subscription’s deliveries, newest first, each with every attempt and its answer',
    tag: 'Webhooks',
    request: { params: SubscriptionParams, query: DeliveriesQuery },
    response: { status: 200, description: 'Deliveries', body: DeliveryList },
    problems: ['not-found'],
  },
  uses: {
    table: { read: ['integrator', 'subscription', 'outboundDelivery'], write: ['nonce', 'rateLimit'] },
  },
} as const satisfies FunctionSpec;
