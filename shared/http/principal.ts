import type { Claims } from '../config/province.ts';
import { actsForUnit, type Role, TOKEN_ROLES } from '../domain/roles.ts';
import { ENV } from '../env.ts';

/** The authenticated caller, from the claims the JWT authorizer passed on. */
export interface Principal {
  sub: string;
  /** Every role the token holds; once authorised for a route, only the one the request acts under. */
  roles: Role[];
  /** The unit an officer or leader acts for (electronic agency code); nothing for other roles. */
  unit?: string;
  /** The identity the issuer vouches for (VNeID: the CCCD number and name). */
  identity?: { idNumber: string; fullName?: string };
  /** Contact details the issuer has verified. */
  verifiedContacts: { email?: string; phone?: string };
}

/**
 * Subjects of other namespaces: the records of a dossier filed by an integrator name its owner
 * `integrator:<id>`, so a token whose subject looks like that is nobody's.
 */
const RESERVED_SUBJECT = /^integrator:/i;
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
    encodeURIComponent(sub).length > MAX_ENCODED_SUB ||
    RESERVED_SUBJECT.test(sub)
  )
    return undefined;
  const groups = listClaim(token?.[claims.roles]);
  const roles = TOKEN_ROLES.filter((role) =>
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
 * admin]`. A plain string is one value: `"officer,admin"` is not two roles. Values are taken
 * exactly: `"admin "` is not `admin`. A flattened list whose values cannot be told apart
 * again (`[admin ]`, from a group named `admin `; doubled or outer spaces) grants nothing.
 */
function listClaim(value: ClaimValue): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return [];
  if (!(value.startsWith('[') && value.endsWith(']'))) return [value];
  const inside = value.slice(1, -1);
  return /^[^\s[\]]+( [^\s[\]]+)*$/.test(inside) ? inside.split(' ') : [];
}

/**
 * The caller as one request sees them: acting under one role, with a unit only when that role
 * acts for a unit (a unit claim means nothing to a citizen or an administrator).
 */
export function actingAs(principal: Principal, role: Role): Principal {
  const { unit, ...rest } = principal;
  return { ...rest, roles: [role], ...(unit && actsForUnit(role) ? { unit } : {}) };
}
