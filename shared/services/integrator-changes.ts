import { notFound } from '../domain/errors.ts';
import { applyPatch, type IntegratorPatch } from '../domain/integrators.ts';
import type { Principal } from '../http/principal.ts';
import { getIntegrator, saveIntegrator } from '../persistence/integrators.ts';
import { assertUnitsExist, integratorView } from './integrators.ts';
import { releaseHeld } from './redeliveries.ts';

/**
 * Changes an integrator: disables or enables it, its scopes, its limits, its request rate,
 * each change in its trail. Disabled, its requests are refused and its deliveries held at once
 * (both read it as they go); enabled again, what its subscriptions held goes out.
 */
export async function changeIntegrator(id: string, patch: IntegratorPatch, admin: Principal, now: Date) {
  const integrator = await getIntegrator(id);
  if (!integrator) throw notFound({ vi: `Không có hệ thống tích hợp ${id}.`, en: `No integrator ${id}.` });
  const units = patch.units ?? [];
  if (units.length) await assertUnitsExist(integrator.unit, units, 'units');
  const { next, what } = applyPatch(integrator, patch);
  if (what.length) {
    await saveIntegrator(next, integrator.version, [
      { actor: admin.sub, at: now.toISOString(), what: what.join('; ') },
    ]);
    if (integrator.status === 'disabled' && next.status === 'active') await releaseHeld(next);
  }
  return integratorView(id);
}
