import type { JsonWebKey } from 'node:crypto';

/**
 * Other government systems that call the API with signed requests: the national portal,
 * sector systems, payment platforms, the province's data-sharing platform. Each is
 * registered with its owning unit, its Ed25519 public keys (several at once, to rotate) and
 * the scopes it was granted, optionally limited to some procedures or units. Pure.
 */
export const SCOPES = [
  'dossiers:submit',
  'dossiers:read',
  'dossiers:progress',
  'payments:confirm',
  'webhooks:manage',
] as const;
export type Scope = (typeof SCOPES)[number];

export interface Integrator {
  id: string;
  name: string;
  /** The unit that owns the integration and answers for it. */
  unit: string;
  scopes: Scope[];
  /** When set, only dossiers of these procedures. */
  procedures?: string[];
  /** When set, only dossiers received by or handed to these units. */
  units?: string[];
  status: 'active' | 'disabled';
  /** Signed requests it may make a minute, whatever route; DEFAULT_REQUESTS_PER_MINUTE when unset. */
  requestsPerMinute?: number;
  createdAt: string;
  version: number;
}

/** An integrator's own request limit, unless an administrator set another. */
export const DEFAULT_REQUESTS_PER_MINUTE = 600;

/** What an administrator may change of an integrator: `null` lifts a limit. */
export interface IntegratorPatch {
  status?: Integrator['status'];
  scopes?: Scope[];
  procedures?: string[] | null;
  units?: string[] | null;
  requestsPerMinute?: number;
}

/**
 * The integrator after a change, and what changed in words for its trail (nothing when the
 * patch changes nothing). Pure.
 */
export function applyPatch(
  integrator: Integrator,
  patch: IntegratorPatch,
): { next: Integrator; what: string[] } {
  const next: Integrator = { ...integrator };
  const what: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (patch.status !== undefined && patch.status !== integrator.status) {
    next.status = patch.status;
    what.push(patch.status === 'disabled' ? 'disabled' : 'enabled');
  }
  if (patch.scopes !== undefined && !same(patch.scopes, integrator.scopes)) {
    next.scopes = patch.scopes;
    what.push(`scopes ${patch.scopes.join(', ')}`);
  }
  for (const field of ['procedures', 'units'] as const) {
    const asked = patch[field];
    if (asked === undefined || same(asked, integrator[field])) continue;
    if (asked === null) delete next[field];
    else next[field] = asked;
    what.push(asked === null ? `${field}: all` : `${field} ${asked.join(', ')}`);
  }
  if (patch.requestsPerMinute !== undefined && patch.requestsPerMinute !== integrator.requestsPerMinute) {
    next.requestsPerMinute = patch.requestsPerMinute;
    what.push(`${patch.requestsPerMinute} requests a minute`);
  }
  return { next: what.length ? { ...next, version: integrator.version + 1 } : integrator, what };
}

export interface IntegratorKey {
  /** The registry's name for the key: `<integrator id>.<RFC 7638 thumbprint>`. */
  keyid: string;
  publicKey: JsonWebKey;
  status: 'active' | 'revoked';
  addedAt: string;
  revokedAt?: string;
}

/** An id of the registry: lower-case letters, digits and hyphens, as a province file's. */
export const INTEGRATOR_ID = /^[a-z][a-z0-9-]{1,39}$/;

export const keyidOf = (integratorId: string, thumbprint: string): string => `${integratorId}.${thumbprint}`;

/** The integrator a keyid names, when it has the registry's form. */
export function integratorOfKeyid(keyid: string): string | undefined {
  const [id, thumbprint, ...rest] = keyid.split('.');
  return id && thumbprint && !rest.length && INTEGRATOR_ID.test(id) ? id : undefined;
}

/** Whether an integrator may see a dossier: its procedure and units within its limits. */
export function withinLimits(
  integrator: Pick<Integrator, 'procedures' | 'units'>,
  dossier: { procedureCode: string; units: readonly string[] },
): boolean {
  if (integrator.procedures && !integrator.procedures.includes(dossier.procedureCode)) return false;
  if (integrator.units && !dossier.units.some((unit) => integrator.units!.includes(unit))) return false;
  return true;
}
