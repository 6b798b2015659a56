import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { SubscriptionBody } from '../api/webhooks.ts';
import { resolvedRefusal } from '../connectors/http.ts';
import { connectorSettings } from '../connectors/settings.ts';
import { urlRefusal } from '../connectors/targets.ts';
import { type Delivery, type Subscription, webhookTarget, webhookType } from '../domain/deliveries.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import type { Integrator } from '../domain/integrators.ts';
import {
  deleteSubscription,
  getSubscription,
  listDeliveries,
  listSubscriptions,
  putSubscription,
} from '../persistence/deliveries.ts';

/**
 * An integrator's webhook subscriptions: made within the integrator's own limits, to a
 * target the policy allows (checked again on every delivery); listed with their
 * deliveries; a delivery replayed; a paused subscription resumed, its held events sent.
 */

type SubscriptionInput = z.output<typeof SubscriptionBody>;

export const view = ({
  secret: _secret,
  integrator: _integrator,
  ownerUnit: _owner,
  ...shown
}: Subscription) => shown;

export async function subscribe(input: SubscriptionInput, integrator: Integrator, now: Date) {
  const policy = connectorSettings();
  const refusal =
    urlRefusal(input.url, policy) ?? (await resolvedRefusal(new URL(input.url).hostname, policy));
  if (refusal)
    throw new DomainError(
      'target-refused',
      { vi: `Không gửi được tới địa chỉ này: ${refusal}.`, en: `Events cannot be sent there: ${refusal}.` },
      [{ path: 'body.url', code: 'target_refused', message: refusal }],
    );
  const procedures = within('procedures', input.procedures, integrator.procedures);
  const units = within('units', input.units, integrator.units);
  const subscription: Subscription = {
    id: `sub_${randomBytes(12).toString('base64url')}`,
    integrator: integrator.id,
    ownerUnit: integrator.unit,
    url: input.url,
    eventTypes: input.eventTypes,
    ...(procedures ? { procedures } : {}),
    ...(units ? { units } : {}),
    secret: `whsec_${randomBytes(24).toString('base64')}`,
    status: 'active',
    createdAt: now.toISOString(),
  };
  await putSubscription(subscription);
  return { ...view(subscription), secret: subscription.secret };
}

/** The subscription's filter: what was asked, which must lie within the integrator's limits. */
function within(
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
