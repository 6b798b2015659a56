import type { JsonWebKey } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { STATE_NAMES } from '../domain/dossier.ts';
import { DomainError, invalid, notFound } from '../domain/errors.ts';
import {
  DEFAULT_REQUESTS_PER_MINUTE,
  type Integrator,
  type IntegratorKey,
  keyidOf,
  type Scope,
  withinLimits,
} from '../domain/integrators.ts';
import type { Principal } from '../http/principal.ts';
import { getUnits } from '../persistence/catalog.ts';
import { getDossier, listHistory } from '../persistence/dossiers.ts';
import {
  addKey,
  type Change,
  createIntegrator,
  getIntegrator,
  getKey,
  keysAndTrail,
  listIntegrators,
  revokeKey,
} from '../persistence/integrators.ts';

/** What administrators see of an integrator: without its version, with its limits. */
const summaryOf = ({ version: _, ...integrator }: Integrator) => ({
  ...integrator,
  requestsPerMinute: integrator.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE,
});

/** The same with its keys and trail. */
const viewOf = (integrator: Integrator, keys: IntegratorKey[], trail: Change[]) => ({
  ...summaryOf(integrator),
  keys,
  trail,
});

/** The registry, by id, a page at a time. */
export async function integratorList(limit: number, cursor?: string) {
  const page = await listIntegrators(limit, cursor);
  return { items: page.items.map(summaryOf), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** Registers an integrator, with no key yet; an id taken answers 409. Answers its view. */
export async function register(
  input: { id: string; name: string; unit: string; scopes: Scope[]; procedures?: string[]; units?: string[] },
  admin: Principal,
  now: Date,
) {
  await assertUnitsExist(input.unit, input.units ?? []);
  const integrator: Integrator = { ...input, status: 'active', createdAt: now.toISOString(), version: 1 };
  const change = {
    actor: admin.sub,
    at: now.toISOString(),
    what: `registered with scopes ${input.scopes.join(', ')}`,
  };
  if (!(await createIntegrator(integrator, change)))
    throw new DomainError('already-exists', {
      vi: `Đã có hệ thống tích hợp ${input.id}.`,
      en: `There is an integrator ${input.id} already.`,
    });
  return viewOf(integrator, [], [change]);
}

/** The owning unit and the units of the limits must be units of the province. */
export async function assertUnitsExist(unit: string, limits: string[], only?: 'units'): Promise<void> {
  const known = await getUnits([unit, ...limits]);
  const issues = [
    ...(known.has(unit) || only ? [] : [{ path: 'body.unit', unit }]),
    ...limits.flatMap((code, index) =>
      known.has(code) ? [] : [{ path: `body.units[${index}]`, unit: code }],
    ),
  ].map(({ path, unit: code }) => ({
    path,
    code: 'unknown_unit',
    message: { vi: `Không có đơn vị ${code}.`, en: `There is no unit ${code}.` },
  }));
  if (issues.length) throw invalid({ vi: 'Đơn vị không hợp lệ.', en: 'Unknown units.' }, issues);
}

/** The integrator with its keys and the trail of its changes, for administrators. */
export async function integratorView(id: string) {
  const integrator = await getIntegrator(id);
  if (!integrator) throw notFound({ vi: `Không có hệ thống tích hợp ${id}.`, en: `No integrator ${id}.` });
  const { keys, trail } = await keysAndTrail(id);
  return viewOf(integrator, keys, trail);
}

/**
 * Adds a public key; its keyid is the registry's (`<id>.<thumbprint>`). The same key twice
 * is one key: the second answer is the same, and the trail records it once.
 */
export async function addPublicKey(id: string, exported: JsonWebKey, admin: Principal, now: Date) {
  const publicKey = { kty: exported.kty, crv: exported.crv, x: exported.x };
  const thumbprint = await calculateJwkThumbprint(publicKey as Parameters<typeof calculateJwkThumbprint>[0]);
  const keyid = keyidOf(id, thumbprint);
  const key = { keyid, publicKey, status: 'active' as const, addedAt: now.toISOString() };
  const added = await addKey(id, key, {
    actor: admin.sub,
    at: now.toISOString(),
    what: `added key ${keyid}`,
  });
  return { key: added ? key : ((await getKey(id, keyid)) ?? key), created: added };
}

/** Revokes a key at once: the next request signed with it is refused. Revoking it again changes nothing. */
export async function revokePublicKey(id: string, thumbprint: string, admin: Principal, now: Date) {
  const keyid = keyidOf(id, thumbprint);
  const change = { actor: admin.sub, at: now.toISOString(), what: `revoked key ${keyid}` };
  await revokeKey(id, keyid, change);
  const key = await getKey(id, keyid);
  if (!key) throw notFound({ vi: `Không có khóa ${keyid}.`, en: `No key ${keyid}.` });
  return key;
}

/** A dossier's state and progress for an integrator allowed to see it; no personal data. */
export async function dossierProgress(code: string, integrator: Integrator) {
  const dossier = await getDossier(code);
  if (!(dossier && withinLimits(integrator, dossier)))
    throw notFound({ vi: `Không tìm thấy hồ sơ ${code}.`, en: `No dossier ${code}.` });
  const events = await listHistory(code);
  return {
    code: dossier.code,
    procedureCode: dossier.procedureCode,
    state: dossier.state,
    stateName: STATE_NAMES[dossier.state],
    receivingUnit: dossier.receivingUnit,
    currentUnit: dossier.currentUnit,
    submittedAt: dossier.submittedAt,
    ...(dossier.receivedAt ? { receivedAt: dossier.receivedAt } : {}),
    ...(dossier.dueAt ? { dueAt: dossier.dueAt } : {}),
    progress: events.map((event) => ({
      at: event.at,
      step: event.type,
      ...(event.fromState ? { fromState: event.fromState } : {}),
      toState: event.toState,
      ...(event.fromUnit ? { fromUnit: event.fromUnit } : {}),
      toUnit: event.toUnit,
    })),
  };
}
