import { connectorSettings } from '../connectors/settings.ts';
import type { Target } from '../domain/deliveries.ts';
import { healthView, type TargetHealthView, untouched } from '../domain/sync-health.ts';
import { listSubscriptions, targetHealth } from '../persistence/deliveries.ts';

/**
 * Each target's health: the national portal and outside units' systems the province is
 * configured for, and every webhook subscription, in that order; one read of each target's
 * counters, whatever the number of deliveries.
 */
export async function syncHealth(): Promise<TargetHealthView[]> {
  const settings = connectorSettings();
  const subscriptions = await listSubscriptions();
  const targets: Target[] = [
    ...(settings.nationalPortal ? (['portal'] as const) : []),
    ...Object.keys(settings.units).map((code) => `unit:${code}` as const),
    ...subscriptions.map((subscription) => `webhook:${subscription.integrator}/${subscription.id}` as const),
  ];
  const counted = new Map((await targetHealth(targets)).map((one) => [one.target, one]));
  return targets.map((target) => healthView(counted.get(target) ?? untouched(target)));
}

/** The national portal's health, for the public page: none when the province has no portal connector. */
export async function portalHealth(): Promise<TargetHealthView | undefined> {
  if (!connectorSettings().nationalPortal) return undefined;
  const [counts] = await targetHealth(['portal']);
  return healthView(counts ?? untouched('portal'));
}
