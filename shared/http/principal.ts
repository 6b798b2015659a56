import type { Claims } from '../config/province.ts';
import { ENV } from '../env.ts';
import type { Role } from '../manifest-types.ts';

/** The authenticated caller, from the claims the JWT authorizer passed on. */
export interface Principal {
  sub: string;
  roles: Role[];
  /** The officer's unit (electronic agency code). */
  unit?: string;
  /** The identity the issuer vouches for (VNeID: the CCCD number and name). */
  identity?: { idNumber: string; fullName?: string };
  /** Contact details the issuer has verified. */
  verifiedContacts: { email?: string; phone?: string };
}

const ROLES: readonly Role[] = ['citizen', 'officer', 'leader', 'admin'];
/**
 * Longer ids are refused: encoded into a key (up to nine bytes a character), they would not
 * fit DynamoDB's 2,048-byte partition keys, and no issuer makes them.
 */
const MAX_ENCODED_SUB = 512;

type ClaimValue = string | number | boolean | string[] | undefined;
type TokenClaims = Record<string, ClaimValue>;

let parsed: { raw: string; claims: Claims } | undefined;

/** The province's claims mapping, given to every HTTP function by both runtimes. */
function claimsMapping(): Claims {
  const raw = process.env[ENV.identityClaims];
  if (!raw) throw new Error(`${ENV.identityClaims} is not set: the runtime did not give the claims mapping`);
  if (parsed?.raw !== raw) parsed = { raw, claims: JSON.parse(raw) as Claims };
  return parsed.claims;
}

/**
 * The caller as the province's issuer describes them: roles only from the claim the
 * mapping names and with the values it maps (a look-alike claim grants nothing), the unit,
 * and the identity and contacts the issuer vouches for.
 */
export function principalFromClaims(
  token: TokenClaims | undefined,
  claims: Claims = claimsMapping(),
): Principal | undefined {
  const sub = token?.sub;
  if (
    typeof sub !== 'string' ||
    sub === '' ||
    !sub.isWellFormed() ||
    encodeURIComponent(sub).length > MAX_ENCODED_SUB
  )
    return undefined;
  const groups = listClaim(token?.[claims.roles]);
  const roles = ROLES.filter((role) =>
    (claims.roleValues ? (claims.roleValues[role as 'citizen'] ?? []) : [role]).some((value) =>
      groups.includes(value),
    ),
  );
  const unit = text(token?.[claims.unit]);
  const idNumber = claims.idNumber ? text(token?.[claims.idNumber]) : undefined;
  const fullName = claims.fullName ? text(token?.[claims.fullName]) : undefined;
  return {
    sub,
    roles,
    ...(unit ? { unit } : {}),
    ...(idNumber ? { identity: { idNumber, ...(fullName ? { fullName } : {}) } } : {}),
    verifiedContacts: {
      ...verified(token, claims.email, claims.emailVerified, 'email'),
      ...verified(token, claims.phone, claims.phoneVerified, 'phone'),
    },
  };
}

function verified(token: TokenClaims | undefined, value?: string, flag?: string, as?: 'email' | 'phone') {
  if (!value || !flag) return {};
  const address = text(token?.[value]);
  const confirmed = String(token?.[flag]) === 'true';
  return address && confirmed ? { [as!]: address } : {};
}

const text = (value: ClaimValue): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= 320 && value.isWellFormed()
    ? value
    : undefined;

/**
 * A list claim as a JSON array, or as API Gateway flattens one into a string: `[officer
 * admin]`. A plain string is one value: `"officer,admin"` is not two roles.
 */
function listClaim(value: ClaimValue): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return [];
  if (value.startsWith('[') && value.endsWith(']')) return value.slice(1, -1).split(' ').filter(Boolean);
  return [value];
}
