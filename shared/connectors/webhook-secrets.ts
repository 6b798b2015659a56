import { randomBytes } from 'node:crypto';
import type { Subscription } from '../domain/deliveries.ts';
import { isSealed, secretSealer } from '../signing/sealer.ts';

/**
 * A subscription's `v1` secrets: made at random, kept sealed with the province's key, bound to
 * the subscription they sign for, opened only to sign a delivery.
 */
const contextOf = (subscription: Pick<Subscription, 'integrator' | 'id'>) => ({
  subscription: `${subscription.integrator}/${subscription.id}`,
});

export const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

export const sealSecret = (subscription: Pick<Subscription, 'integrator' | 'id'>, secret: string) =>
  secretSealer().seal(secret, contextOf(subscription));

/**
 * Secrets opened in this container, by their sealed form and subscription: opening one is a
 * call to the key service on AWS, and a busy subscription's every delivery would make it. A
 * rotated secret is sealed anew, so it is opened anew; the cache holds a bounded number.
 */
const OPENED_KEPT = 500;
const opened = new Map<string, Promise<string>>();

/** The secret in the clear; one kept before secrets were sealed is taken as it is. */
export async function openSecret(subscription: Pick<Subscription, 'integrator' | 'id'>, stored: string) {
  if (!isSealed(stored)) return stored;
  const key = `${subscription.integrator}/${subscription.id}|${stored}`;
  let secret = opened.get(key);
  if (!secret) {
    if (opened.size >= OPENED_KEPT) opened.delete(opened.keys().next().value!);
    secret = secretSealer().open(stored, contextOf(subscription));
    // A failed opening is not kept: the next delivery asks again.
    secret.catch(() => opened.delete(key));
    opened.set(key, secret);
  }
  return secret;
}
