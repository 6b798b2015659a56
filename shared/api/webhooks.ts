import * as z from 'zod';
import { EVENT_TYPES, webhookType } from '../domain/deliveries.ts';
import { AgencyCode, ProcedureCode } from '../schemas/catalog.ts';

const unique = <T>(items: T[]) => new Set(items).size === items.length;

export const WEBHOOK_EVENT_TYPES = EVENT_TYPES.map(webhookType) as [string, ...string[]];

/** What a subscriber is POSTed for each event (Standard Webhooks): where the dossier is, never who filed it. */
export const WebhookEvent = z
  .strictObject({
    type: z.enum(WEBHOOK_EVENT_TYPES).meta({ description: '`dossier.` and the step of the history' }),
    timestamp: z.iso.datetime().meta({ description: 'When this attempt was sent' }),
    data: z.strictObject({
      code: z.string().meta({ description: 'The dossier’s code' }),
      procedureCode: z.string(),
      seq: z
        .int()
        .min(1)
        .meta({ description: 'The step’s place in the dossier’s history: in order per dossier' }),
      step: z.string(),
      at: z.iso.datetime().meta({ description: 'When the step was taken' }),
      fromState: z.int().min(1).max(10).optional(),
      toState: z.int().min(1).max(10),
      stateName: z.string(),
      fromUnit: z.string().optional(),
      toUnit: z.string(),
      MaHoSo: z.string().optional().meta({
        description: 'The dossier’s code in the channel that filed it (the national portal’s MaHoSo)',
      }),
    }),
  })
  .meta({ id: 'WebhookEvent' });

/** The headers of every webhook attempt. */
export const WebhookHeaders = z.object({
  'webhook-id': z.string().meta({ description: 'The same on every attempt of one event: drop a repeat' }),
  'webhook-timestamp': z
    .string()
    .meta({ description: 'Seconds since the epoch; refuse one far from your clock' }),
  'webhook-signature': z.string().meta({
    description:
      'Space-separated: `v1,<base64>` (HMAC-SHA256 with the subscription’s secret; two during a rotation’s overlap, one per secret) and `v1a,<base64>` (Ed25519 with the province’s key at /.well-known/jwks.json), both over `<webhook-id>.<webhook-timestamp>.<body>`',
  }),
});

export const SubscriptionBody = z
  .strictObject({
    url: z.url().max(2000).meta({
      description: 'Where events are POSTed: HTTPS to a public address (locally, loopback too)',
    }),
    eventTypes: z
      .array(z.enum(WEBHOOK_EVENT_TYPES))
      .min(1)
      .refine(unique, 'each event type once')
      .meta({ description: 'Event types, `dossier.` and the step, e.g. `dossier.receive`' }),
    units: z.array(AgencyCode).min(1).max(500).refine(unique, 'each unit once').optional(),
    procedures: z.array(ProcedureCode).min(1).max(500).refine(unique, 'each procedure once').optional(),
  })
  .meta({ id: 'WebhookSubscriptionInput' });

const SubscriptionFields = {
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  units: z.array(z.string()).optional(),
  procedures: z.array(z.string()).optional(),
  status: z.enum(['active', 'paused']),
  createdAt: z.string(),
  pausedAt: z.string().optional(),
  pauseReason: z.string().optional(),
};

export const SubscriptionView = z.object(SubscriptionFields).meta({ id: 'WebhookSubscription' });

export const NewSubscriptionView = z
  .object({
    ...SubscriptionFields,
    secret: z.string().meta({
      description:
        'Shown once: the `whsec_` secret that signs `v1` (Standard Webhooks). `v1a` is signed with the key at /.well-known/jwks.json',
    }),
  })
  .meta({ id: 'NewWebhookSubscription' });

export const RotatedSubscriptionView = z
  .object({
    ...SubscriptionFields,
    secret: z.string().meta({ description: 'Shown once: the new `whsec_` secret' }),
    previousSecretUntil: z.string().meta({
      description: 'Until then every delivery carries a `v1` by the old secret beside the new one',
    }),
  })
  .meta({ id: 'RotatedWebhookSubscription' });

export const SubscriptionList = z
  .object({ items: z.array(SubscriptionView) })
  .meta({ id: 'WebhookSubscriptions' });

export const SubscriptionParams = z.strictObject({
  id: z.string().regex(/^sub_[A-Za-z0-9_-]{16}$/, 'must be a subscription id'),
});

export const DeliveryParams = z.strictObject({
  id: SubscriptionParams.shape.id,
  deliveryId: z.string().regex(/^msg_[A-Za-z0-9_-]{1,200}$/, 'must be a delivery id (webhook-id)'),
});

export const DeliveriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const AttemptView = z.object({
  at: z.string(),
  ok: z.boolean(),
  status: z.int().optional(),
  error: z.string().optional(),
});

export const DeliveryView = z
  .object({
    id: z.string().meta({ description: 'The webhook-id of every attempt' }),
    code: z.string(),
    type: z.string(),
    status: z.enum(['pending', 'delivered', 'held', 'failed']),
    createdAt: z.string(),
    deliveredAt: z.string().optional(),
    attempts: z.array(AttemptView),
  })
  .meta({ id: 'WebhookDelivery' });

export const DeliveryList = z.object({ items: z.array(DeliveryView) }).meta({ id: 'WebhookDeliveries' });

const TargetHealthView = z
  .object({
    target: z
      .string()
      .meta({ description: '`portal`, `unit:<agency code>` or `webhook:<integrator>/<subscription>`' }),
    delivered: z.int(),
    pending: z.int(),
    held: z
      .int()
      .meta({ description: 'Waiting while its subscription is paused or its integrator disabled' }),
    failed: z.int().meta({ description: 'Given up after the whole retry schedule' }),
    averageLagSeconds: z
      .number()
      .optional()
      .meta({ description: 'From the event to its delivery, on average' }),
    failedShare: z
      .number()
      .optional()
      .meta({ description: 'Of the deliveries settled, the share that failed' }),
    lastDeliveredAt: z.string().optional(),
    lastError: z.object({ at: z.string(), reason: z.string() }).optional(),
  })
  .meta({ id: 'TargetHealth' });

export const SyncHealthView = z
  .object({ targets: z.array(TargetHealthView) })
  .meta({ id: 'SyncHealth', description: 'How the deliveries to each other system stand' });
