import type { Delivery, Target } from '../domain/deliveries.ts';
import type { DossierEvent } from '../domain/dossier-events.ts';
import { send } from '../messaging/queues.ts';

/** A message of the `deliveries` queue: an event to fan out, or one delivery to attempt. */
export type DeliveryMessage =
  | { kind: 'event'; event: DossierEvent }
  | { kind: 'attempt'; target: Target; at: string; eventId: string };

/** One FIFO group per target and dossier: a target gets a dossier's events in order. */
const placement = (target: Target, code: string, dedup: string) => ({
  groupId: `${target}|${code}`,
  deduplicationId: `${target}|${dedup}`.slice(0, 128),
});

/** The queue a target's attempts go through: webhooks apart, so that a slow receiver holds no other target. */
export const attemptQueue = (target: Target) =>
  target.startsWith('webhook:') ? ('webhookAttempts' as const) : ('deliveries' as const);

/** Queues an attempt of a delivery; `dedup` names this sending of it (a replay is another). */
export async function queueAttempt(delivery: Pick<Delivery, 'target' | 'code' | 'event'>, dedup: string) {
  const message: DeliveryMessage = {
    kind: 'attempt',
    target: delivery.target,
    at: delivery.event.at,
    eventId: delivery.event.eventId,
  };
  await send(
    attemptQueue(delivery.target),
    message,
    { target: delivery.target },
    placement(delivery.target, delivery.code, dedup),
  );
}
