import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  type Integrator,
  integratorOfKeyid,
  keyidOf,
  SCOPES,
  withinLimits,
} from '../../shared/domain/integrators.ts';

const portal = (more: Partial<Integrator> = {}): Integrator => ({
  id: 'dvcqg',
  name: 'Cổng Dịch vụ công quốc gia',
  unit: '000.00.00.H19',
  scopes: ['dossiers:submit', 'dossiers:read'],
  status: 'active',
  createdAt: '2026-11-01T00:00:00.000Z',
  version: 3,
  ...more,
});

describe('an administrator’s change to an integrator', () => {
  it('disabling says so, and counts a new version', () => {
    const { next, what } = applyPatch(portal(), { status: 'disabled' });
    expect(what).toEqual(['disabled']);
    expect(next).toEqual({ ...portal(), status: 'disabled', version: 4 });
  });

  it('enabling again says so', () => {
    expect(applyPatch(portal({ status: 'disabled' }), { status: 'active' }).what).toEqual(['enabled']);
  });

  it('new scopes are listed in the trail', () => {
    const { next, what } = applyPatch(portal(), { scopes: ['dossiers:read', 'payments:confirm'] });
    expect(what).toEqual(['scopes dossiers:read, payments:confirm']);
    expect(next.scopes).toEqual(['dossiers:read', 'payments:confirm']);
  });

  it('limits to procedures and units are set, and lifted by null to all', () => {
    const limited = applyPatch(portal(), { procedures: ['1.004873', '1.001193'], units: ['000.02.30.H19'] });
    expect(limited.what).toEqual(['procedures 1.004873, 1.001193', 'units 000.02.30.H19']);
    expect(limited.next).toMatchObject({ procedures: ['1.004873', '1.001193'], units: ['000.02.30.H19'] });
    const lifted = applyPatch(limited.next, { procedures: null, units: null });
    expect(lifted.what).toEqual(['procedures: all', 'units: all']);
    expect(lifted.next).not.toHaveProperty('procedures');
    expect(lifted.next).not.toHaveProperty('units');
    expect(lifted.next.version).toBe(5);
  });

  it('a new request rate is said in requests a minute', () => {
    const { next, what } = applyPatch(portal(), { requestsPerMinute: 1200 });
    expect(what).toEqual(['1200 requests a minute']);
    expect(next.requestsPerMinute).toBe(1200);
  });

  it('several changes at once are each said, in one new version', () => {
    const { next, what } = applyPatch(portal(), {
      status: 'disabled',
      scopes: ['dossiers:read'],
      units: ['000.02.30.H19'],
      requestsPerMinute: 60,
    });
    expect(what).toEqual(['disabled', 'scopes dossiers:read', 'units 000.02.30.H19', '60 requests a minute']);
    expect(next.version).toBe(4);
  });

  it('a patch that changes nothing leaves the integrator as it was, its version too, and says nothing', () => {
    const before = portal({ procedures: ['1.004873'], requestsPerMinute: 100 });
    for (const patch of [
      {},
      { status: 'active' as const },
      { scopes: ['dossiers:submit' as const, 'dossiers:read' as const] },
      { procedures: ['1.004873'] },
      { units: null },
      { requestsPerMinute: 100 },
    ]) {
      const { next, what } = applyPatch(before, patch);
      expect(what, JSON.stringify(patch)).toEqual([]);
      expect(next, JSON.stringify(patch)).toBe(before);
    }
  });

  it('whatever the patch, the version moves by one exactly when the trail says something', () => {
    const some = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const codes = fc.array(fc.constantFrom('1.004873', '1.001193', '000.02.30.H19'), { maxLength: 2 });
    fc.assert(
      fc.property(
        fc.record({
          status: some(fc.constantFrom('active' as const, 'disabled' as const)),
          scopes: some(fc.subarray([...SCOPES])),
          procedures: some(fc.option(codes, { nil: null })),
          units: some(fc.option(codes, { nil: null })),
          requestsPerMinute: some(fc.constantFrom(60, 600)),
        }),
        (patch) => {
          const before = portal({ requestsPerMinute: 600, units: ['000.02.30.H19'] });
          const { next, what } = applyPatch(before, patch);
          expect(next.version).toBe(before.version + (what.length > 0 ? 1 : 0));
          expect(applyPatch(next, patch).what).toEqual([]);
        },
      ),
    );
  });
});

describe('the registry’s key ids', () => {
  it('name the integrator and the key’s thumbprint, and give the integrator back', () => {
    const keyid = keyidOf('dvcqg', 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    expect(keyid).toBe('dvcqg.NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    expect(integratorOfKeyid(keyid)).toBe('dvcqg');
  });

  it('a key id without a thumbprint, with more parts, or with an id the registry cannot have names no integrator', () => {
    for (const keyid of ['dvcqg', 'dvcqg.', '.abc', 'dvcqg.abc.def', 'DVCQG.abc', 'a.abc', '']) {
      expect(integratorOfKeyid(keyid), keyid).toBeUndefined();
    }
  });
});

describe('what an integrator limited to procedures or units may see', () => {
  const dossier = { procedureCode: '1.004873', units: ['000.02.30.H19', '000.00.14.H19'] };

  it('with no limits, every dossier', () => {
    expect(withinLimits({}, dossier)).toBe(true);
  });

  it('limited to procedures, only the dossiers of those procedures', () => {
    expect(withinLimits({ procedures: ['1.004873'] }, dossier)).toBe(true);
    expect(withinLimits({ procedures: ['1.001193'] }, dossier)).toBe(false);
  });

  it('limited to units, only the dossiers that were at one of them', () => {
    expect(withinLimits({ units: ['000.00.14.H19'] }, dossier)).toBe(true);
    expect(withinLimits({ units: ['000.03.00.H19'] }, dossier)).toBe(false);
  });

  it('limited to both, only the dossiers within both', () => {
    expect(withinLimits({ procedures: ['1.004873'], units: ['000.03.00.H19'] }, dossier)).toBe(false);
    expect(withinLimits({ procedures: ['1.001193'], units: ['000.02.30.H19'] }, dossier)).toBe(false);
    expect(withinLimits({ procedures: ['1.004873'], units: ['000.02.30.H19'] }, dossier)).toBe(true);
  });
});
