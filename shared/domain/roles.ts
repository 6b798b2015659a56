/**
 * Who acts. A token may hold several roles (a self-registered account is a citizen, and an
 * administrator may add it to a staff group), but a request acts under one: the first of the
 * route's roles that the token holds, so a route lists its roles in the order it prefers them.
 * A unit means something only to the roles that act for a unit.
 */
export type Role = 'citizen' | 'officer' | 'leader' | 'admin' | 'integrator';

/** The roles a token can carry (integrators sign their requests instead). */
export const TOKEN_ROLES = ['citizen', 'officer', 'leader', 'admin'] as const satisfies readonly Role[];

/** Roles that act for the administration: they must have signed in with a second factor. */
export const STAFF_ROLES: readonly Role[] = ['officer', 'leader', 'admin'];

/** Roles that act for one unit, named by the token. */
export const UNIT_ROLES: readonly Role[] = ['officer', 'leader'];

/** The one role a request acts under: the first of the route's that the token holds. */
export const actingRole = (routeRoles: readonly Role[], held: readonly Role[]): Role | undefined =>
  routeRoles.find((role) => held.includes(role));

export const actsForUnit = (role: Role): boolean => UNIT_ROLES.includes(role);
