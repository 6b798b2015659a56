import { type Delivery, type Subscription, webhookTarget, webhookType } from '../domain/deliveries.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import type { Integrator } from '../domain/integrators.ts';
import {
  deleteSubscription,
  getSubscription,
  listDeliveries,
  listSubscriptions,
} from '../persistence/deliveries.ts';

/**
 * An integrator's webhook subscriptions (made in subscribing.ts, within the integrator's own
 * limits, to a target the policy allows): listed with their deliveries, ended.
 */

export const view = ({
  secret: _secret,
  previousSecret: _previous,
  integrator: _integrator,
  ownerUnit: _owner,
  ...shown
}: Subscription) => shown;

/** The subscription's filter: what was asked, which must lie within the integrator's limits. */
export function within(
  name: 'procedures' | 'units',
  asked: string[] | undefined,
  granted: string[] | undefined,
): string[] | undefined {
  if (!granted) return asked;
  if (!asked) return granted;
  const outside = asked.filter((one) => !granted.includes(one));
  if (outside.length)
    throw new DomainError('scope-denied', {
      vi: `Ngoài phạm vi được cấp: ${outside.join(', ')}.`,
      en: `Outside the integrator's ${name}: ${outside.join(', ')}.`,
    });
  return asked;
}

export async function subscriptionsOf(integrator: Integrator) {
  return { items: (await listSubscriptions(integrator.id)).map(view) };
}

export async function ownSubscription(integrator: Integrator, id: string): Promise<Subscription> {
  const subscription = await getSubscription(integrator.id, id);
  if (!subscription) throw notFound({ vi: `Không có đăng ký ${id}.`, en: `No subscription ${id}.` });
  return subscription;
}

export const deliveryView = (delivery: Delivery) => ({
  id: delivery.id,
  code: delivery.code,
  type: webhookType(delivery.event.type),
  status: delivery.status,
  createdAt: delivery.createdAt,
  ...(delivery.deliveredAt ? { deliveredAt: delivery.deliveredAt } : {}),
  attempts: delivery.attempts,
});

export async function deliveriesOf(integrator: Integrator, id: string, limit: number) {
  const subscription = await ownSubscription(integrator, id);
  return { items: (await listDeliveries(webhookTarget(subscription), limit)).map(deliveryView) };
}

/** Ends a subscription: nothing more is sent to it, and what was still to go is given up. */
export async function unsubscribe(integrator: Integrator, id: string): Promise<void> {
  if (!(await deleteSubscription(integrator.id, id)))
    throw notFound({ vi: `Không có đăng ký ${id}.`, en: `No subscription ${id}.` });
}
