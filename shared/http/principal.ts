import type { Role } from '../manifest-types.ts';

/** The authenticated caller, from the claims the JWT authorizer passed on. */
export interface Principal {
  sub: string;
  roles: Role[];
  /** The officer's unit (electronic agency code). */
  unit?: string;
}

const ROLES: readonly Role[] = ['citizen', 'officer', 'admin', 'integrator'];

type Claims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * API Gateway flattens array claims into strings such as `[officer admin]`; Cognito puts
 * groups in `cognito:groups` and custom attributes under `custom:`.
 */
export function principalFromClaims(claims: Claims | undefined): Principal | undefined {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub === '') return undefined;
  const roles = claimList(claims?.['cognito:groups'] ?? claims?.roles).filter((role): role is Role =>
    ROLES.includes(role as Role),
  );
  const unit = claims?.['custom:unit'] ?? claims?.unit;
  return { sub, roles, ...(typeof unit === 'string' && unit ? { unit } : {}) };
}

function claimList(value: Claims[string]): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return [];
  const inner = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return inner.split(/[\s,]+/).filter(Boolean);
}
