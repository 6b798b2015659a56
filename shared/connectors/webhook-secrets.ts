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

/** The secret in the clear; one kept before secrets were sealed is taken as it is. */
export async function openSecret(subscription: Pick<Subscription, 'integrator' | 'id'>, stored: string) {
  return isSealed(stored) ? secretSealer().open(stored, contextOf(subscription)) : stored;
}
