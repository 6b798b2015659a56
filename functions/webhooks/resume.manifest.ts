import { SubscriptionParams, SubscriptionView } from '../../shared/api/webhooks.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const resumeWebhook = {
  entry: 'functions/webhooks/resume.ts',
  description: 'Resumes a paused webhook subscription and sends what it held',
  memoryMb: 256,
  timeoutSeconds: 25,
  http: {
    method: 'POST',
    path: '/integrations/v1/webhooks/{id}/resume',
    access: { integrator: 'webhooks:manage' },
    summary:
      'Resume a paused subscription: the delivery that failed and the events held since go out, oldest first',
    tag: 'Webhooks',
    request: { params: SubscriptionParams },
    response: { status: 200, description: 'The subscription, active', body: SubscriptionView },
    problems: ['not-found'],
  },
  uses: {
    table: {
      read: ['integrator', 'subscription', 'outboundDelivery'],
      write: ['nonce', 'rateLimit', 'subscription', 'outboundDelivery'],
    },
    sendsTo: ['deliveries', 'webhookAttempts'],
  },
} as const satisfies FunctionSpec;
