import { webhookTarget } from '../domain/deliveries.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import type { Integrator } from '../domain/integrators.ts';
import {
  eventOfDeliveryId,
  getDelivery,
  heldDeliveries,
  listSubscriptions,
  setDeliveryStatus,
  setSubscriptionStatus,
} from '../persistence/deliveries.ts';
import { queueAttempt } from './delivery-queue.ts';
import { deliveryView, ownSubscription, view } from './subscriptions.ts';

/** Sending again: one delivery on the integrator's request, or what a paused subscription held. */

/** Sends a delivery again, whatever became of it, with a new series of attempts. */
export async function replay(integrator: Integrator, id: string, deliveryId: string) {
  const subscription = await ownSubscription(integrator, id);
  const target = webhookTarget(subscription);
  const key = eventOfDeliveryId(deliveryId);
  const delivery = key ? await getDelivery(target, key) : undefined;
  if (!delivery) throw notFound({ vi: `Không có lần gửi ${deliveryId}.`, en: `No delivery ${deliveryId}.` });
  if (delivery.status === 'pending')
    throw new DomainError('idempotency-in-progress', {
      vi: 'Sự kiện này đang được gửi.',
      en: 'This delivery is still being attempted.',
    });
  const from = subscription.status === 'paused' ? 'held' : 'pending';
  await setDeliveryStatus(delivery, from, [delivery.status], delivery.attempts.length);
  if (from === 'pending')
    await queueAttempt(delivery, `${delivery.event.eventId}|replay|${delivery.attempts.length}`);
  return deliveryView({ ...delivery, status: from });
}

/**
 * An integrator enabled again: what its active subscriptions held while it was disabled goes
 * out, oldest first (a paused subscription keeps waiting for its own resume).
 */
export async function releaseHeld(integrator: Integrator): Promise<void> {
  for (const subscription of await listSubscriptions(integrator.id)) {
    if (subscription.status !== 'active') continue;
    for (const delivery of await heldDeliveries(webhookTarget(subscription))) {
      if (delivery.status !== 'held') continue;
      if (await setDeliveryStatus(delivery, 'pending', ['held'], delivery.attempts.length))
        await queueAttempt(delivery, `${delivery.event.eventId}|enabled|${delivery.attempts.length}`);
    }
  }
}

/** Resumes a paused subscription: what failed and what was held meanwhile go out, oldest first. */
export async function resume(integrator: Integrator, id: string, now: Date) {
  const subscription = await ownSubscription(integrator, id);
  await setSubscriptionStatus(subscription, 'active', now);
  const target = webhookTarget(subscription);
  for (const delivery of await heldDeliveries(target)) {
    if (await setDeliveryStatus(delivery, 'pending', ['held', 'failed'], delivery.attempts.length))
      await queueAttempt(delivery, `${delivery.event.eventId}|resume|${delivery.attempts.length}`);
  }
  const { pausedAt: _at, pauseReason: _reason, ...active } = subscription;
  return view({ ...active, status: 'active' });
}
