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
  createdAt: string;
  version: number;
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
