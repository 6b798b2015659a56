import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { SubscriptionBody } from '../api/webhooks.ts';
import { resolvedRefusal } from '../connectors/http.ts';
import { connectorSettings } from '../connectors/settings.ts';
import { urlRefusal } from '../connectors/targets.ts';
import { newSecret, sealSecret } from '../connectors/webhook-secrets.ts';
import { ROTATION_OVERLAP_MS, type Subscription } from '../domain/deliveries.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import type { Integrator } from '../domain/integrators.ts';
import { putSubscription, replaceSecret } from '../persistence/deliveries.ts';
import { ownSubscription, view, within } from './subscriptions.ts';

/**
 * What makes or changes a subscription's secret, the only work that seals one with the
 * province's key: subscribing, and rotating.
 */

type SubscriptionInput = z.output<typeof SubscriptionBody>;

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
  const id = `sub_${randomBytes(12).toString('base64url')}`;
  const secret = newSecret();
  const subscription: Subscription = {
    id,
    integrator: integrator.id,
    ownerUnit: integrator.unit,
    url: input.url,
    eventTypes: input.eventTypes,
    ...(procedures ? { procedures } : {}),
    ...(units ? { units } : {}),
    secret: await sealSecret({ integrator: integrator.id, id }, secret),
    status: 'active',
    createdAt: now.toISOString(),
  };
  await putSubscription(subscription);
  return { ...view(subscription), secret };
}

/**
 * Gives a subscription a new secret, answered once; the one it replaces still signs beside it
 * for a day (both `v1` are sent), so that the receiver can switch without losing an event.
 */
export async function rotateSecret(integrator: Integrator, id: string, now: Date) {
  const subscription = await ownSubscription(integrator, id);
  const secret = newSecret();
  const previousSecret = {
    secret: subscription.secret,
    until: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString(),
  };
  const sealed = await sealSecret(subscription, secret);
  if (!(await replaceSecret(subscription, sealed, previousSecret)))
    throw notFound({ vi: `Không có đăng ký ${id}.`, en: `No subscription ${id}.` });
  return { ...view(subscription), secret, previousSecretUntil: previousSecret.until };
}
