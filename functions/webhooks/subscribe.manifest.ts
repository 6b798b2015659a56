import { NewSubscriptionView, SubscriptionBody } from '../../shared/api/webhooks.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const subscribeWebhook = {
  entry: 'functions/webhooks/subscribe.ts',
  description: "Subscribes an integrator's endpoint to dossier events (Standard Webhooks)",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/integrations/v1/webhooks',
    access: { integrator: 'webhooks:manage' },
    summary:
      'Subscribe an HTTPS endpoint to dossier events, within the integrator’s procedures and units; the answer carries the v1 secret, once',
    tag: 'Webhooks',
    request: { body: SubscriptionBody },
    response: { status: 201, description: 'The subscription and its secret', body: NewSubscriptionView },
    problems: ['target-refused'],
  },
  uses: {
    table: { read: ['integrator'], write: ['nonce', 'rateLimit', 'subscription'] },
    connectors: true,
    webhookSecrets: 'seal',
  },
} as const satisfies FunctionSpec;
