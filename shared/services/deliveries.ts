import type { Connector } from '../connectors/connector.ts';
import { nationalPortalConnector } from '../connectors/national-portal.ts';
import { outsideUnitConnector } from '../connectors/outside-unit.ts';
import { connectorSettings } from '../connectors/settings.ts';
import { webhookConnector } from '../connectors/webhook.ts';
import {
  type Attempt,
  afterAttempt,
  type Delivery,
  mayInterest,
  type Subscription,
  type Target,
  targetsOf,
  webhookTarget,
} from '../domain/deliveries.ts';
import type { DossierEvent } from '../domain/dossier-events.ts';
import { portalCode } from '../domain/national-portal.ts';
import type { Notification } from '../domain/notifications.ts';
import { delayRetry, send } from '../messaging/queues.ts';
import { count, logger } from '../observability.ts';
import {
  createDelivery,
  deliveryId,
  getDelivery,
  getSubscription,
  listSubscriptions,
  recordAttempt,
  setDeliveryStatus,
  setSubscriptionStatus,
} from '../persistence/deliveries.ts';
import { getDossier } from '../persistence/dossiers.ts';
import { getIntegrator } from '../persistence/integrators.ts';
import { attemptQueue, type DeliveryMessage, queueAttempt } from './delivery-queue.ts';

/**
 * The outbound side: every dossier event fans out to one delivery per target, and each
 * delivery is attempted until its target answers 2xx, on a schedule of more than a day,
 * in order per target and dossier (one FIFO group each). Every attempt is recorded.
 */

export async function fanOut(event: DossierEvent, now: Date): Promise<Target[]> {
  const settings = connectorSettings();
  const subscriptions = await listSubscriptions();
  // Most events interest nobody but the portal: the dossier is read only when someone may want it.
  if (!mayInterest(event, subscriptions, Boolean(settings.nationalPortal))) return [];
  const dossier = await getDossier(event.code);
  if (!dossier) throw new Error(`event ${event.eventId} names an unknown dossier ${event.code}`);
  const fromPortal = portalCode(dossier, settings.nationalPortal?.integrator) !== undefined;
  const targets = targetsOf(
    event,
    { ...dossier, fromPortal },
    subscriptions,
    Boolean(settings.nationalPortal),
  ).filter((target) => !target.startsWith('unit:') || settings.units[target.slice(5)]);
  for (const target of targets) {
    const held = subscriptionOf(target, subscriptions)?.status === 'paused';
    const delivery: Delivery = {
      target,
      id: deliveryId(event),
      code: event.code,
      procedureCode: dossier.procedureCode,
      ...(dossier.channel ? { reference: dossier.channel.reference } : {}),
      event,
      status: held ? 'held' : 'pending',
      attempts: [],
      seriesFrom: 0,
      createdAt: now.toISOString(),
    };
    await createDelivery(delivery);
    // Sent again when the fan-out is repeated: the queue drops a resend within five minutes,
    // and a later one finds the delivery made and does nothing.
    if (!held) await queueAttempt(delivery, event.eventId);
  }
  return targets;
}

function subscriptionOf(target: Target, subscriptions: readonly Subscription[]) {
  return subscriptions.find((subscription) => target === webhookTarget(subscription));
}

export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'held' | 'done-before';

/** Thrown to leave a message for its next attempt: its visibility was set to the wait. */
export class RetryLater extends Error {
  override name = 'RetryLater';
}

/**
 * Attempts one delivery. A 2xx marks it delivered; anything else records the attempt and
 * leaves the message in the queue for the schedule's next wait (`RetryLater`); once the
 * schedule is spent the delivery fails, and a webhook's subscription is paused and its owner
 * told. A delivery already settled is left alone.
 */
export async function attempt(
  message: Extract<DeliveryMessage, { kind: 'attempt' }>,
  receiptHandle: string,
  now: Date,
): Promise<AttemptOutcome> {
  const delivery = await getDelivery(message.target, message);
  if (!delivery) throw new Error(`no delivery ${message.target} ${message.eventId}`);
  if (delivery.status !== 'pending') return 'done-before';
  const route = await connectorFor(message.target);
  if (route.kind === 'held') {
    await setDeliveryStatus(delivery, 'held', ['pending']);
    return 'held';
  }
  if (route.kind === 'gone') {
    await recordAttempt(
      delivery,
      { at: now.toISOString(), ok: false, error: 'the subscription was deleted' },
      'failed',
    );
    return 'failed';
  }
  const answer = await route.connector.send(delivery, now).catch((error: Error) => ({
    error: error.message,
    ok: false as const,
  }));
  const made: Attempt = {
    at: now.toISOString(),
    ok: answer.ok,
    ...('status' in answer ? { status: answer.status } : { error: answer.error }),
  };
  const next = afterAttempt(delivery, made, connectorSettings().retryScale);
  count('Deliveries', { target: message.target.split(':')[0]!, outcome: next.kind });
  if (next.kind === 'delivered') {
    await recordAttempt(delivery, made, 'delivered');
    return 'delivered';
  }
  if (next.kind === 'retry') {
    await recordAttempt(delivery, made, 'pending');
    await delayRetry(attemptQueue(message.target), receiptHandle, next.afterSeconds);
    throw new RetryLater(
      `${message.target} answered ${made.status ?? made.error}; next attempt in ${next.afterSeconds} s`,
    );
  }
  await recordAttempt(delivery, made, 'failed');
  if (route.subscription) await pause(route.subscription, delivery, made, now);
  logger.error('delivery given up', {
    target: message.target,
    dossier: delivery.code,
    attempts: delivery.attempts.length + 1,
  });
  return 'failed';
}

type Route =
  | { kind: 'send'; connector: Connector; subscription?: Subscription }
  | { kind: 'held' }
  | { kind: 'gone' };

async function connectorFor(target: Target): Promise<Route> {
  const settings = connectorSettings();
  if (target === 'portal') {
    if (!settings.nationalPortal) throw new Error('the province has no national portal connector');
    return {
      kind: 'send',
      connector: nationalPortalConnector(settings.nationalPortal.url, settings.nationalPortal.integrator),
    };
  }
  if (target.startsWith('unit:')) {
    const endpoint = settings.units[target.slice(5)];
    if (!endpoint) throw new Error(`no connector for ${target}`);
    return { kind: 'send', connector: outsideUnitConnector(endpoint.url) };
  }
  const [integratorId, id] = target.slice('webhook:'.length).split('/');
  const [subscription, integrator] = await Promise.all([
    getSubscription(integratorId!, id!),
    getIntegrator(integratorId!),
  ]);
  if (!subscription) return { kind: 'gone' };
  // A disabled integrator's events wait, held, until it is enabled again.
  if (subscription.status === 'paused' || integrator?.status !== 'active') return { kind: 'held' };
  return { kind: 'send', connector: webhookConnector(subscription), subscription };
}

/** A subscription whose delivery failed for a day: paused, and its owning unit told. */
async function pause(subscription: Subscription, delivery: Delivery, last: Attempt, now: Date) {
  const reason = `no 2xx from ${subscription.url} since ${delivery.attempts[delivery.seriesFrom]?.at ?? last.at} (last: ${last.status ?? last.error})`;
  if (!(await setSubscriptionStatus(subscription, 'paused', now, reason))) return;
  const notification: Notification = {
    id: `webhook-paused:${subscription.id}:${now.toISOString()}`,
    eventId: delivery.event.eventId,
    kind: 'webhook-paused',
    recipient: { unit: subscription.ownerUnit },
    code: delivery.code,
    at: now.toISOString(),
    vars: { code: delivery.code, subscription: subscription.id, target: subscription.url },
  };
  await send('notifications', notification);
}
