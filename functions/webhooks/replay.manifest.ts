import { DeliveryParams, DeliveryView } from '../../shared/api/webhooks.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const replayDelivery = {
  entry: 'functions/webhooks/replay.ts',
  description: 'Sends a webhook delivery again',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/integrations/v1/webhooks/{id}/deliveries/{deliveryId}/replay',
    access: { integrator: 'webhooks:manage' },
    summary: 'Send a delivery again (delivered, failed or held), with a new series of attempts',
    tag: 'Webhooks',
    request: { params: DeliveryParams },
    response: { status: 202, description: 'Queued again', body: DeliveryView },
    problems: ['not-found', 'idempotency-in-progress'],
  },
  uses: {
    table: {
      read: ['integrator', 'subscription', 'outboundDelivery'],
      write: ['nonce', 'rateLimit', 'outboundDelivery'],
    },
    sendsTo: ['deliveries', 'webhookAttempts'],
  },
} as const satisfies FunctionSpec;
