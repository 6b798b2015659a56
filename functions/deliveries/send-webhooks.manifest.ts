import type { FunctionSpec } from '../../shared/manifest-types.ts';
import { sendDeliveries } from './send.manifest.ts';

/**
 * The same consumer on the webhooks' own queue: a subscriber's receiver that answers slowly
 * holds these invocations, never those that carry the national portal's and units' deliveries.
 */
export const sendWebhooks = {
  ...sendDeliveries,
  description: 'Attempts each webhook delivery on the retry schedule, apart from the other targets',
  queue: { queue: 'webhookAttempts', batchSize: 5, maxConcurrency: 4 },
  uses: sendDeliveries.uses,
} as const satisfies FunctionSpec;
