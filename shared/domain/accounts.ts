import { type Role, STAFF_ROLES } from './roles.ts';

/**
 * Accounts of the province's own user pool (Cognito). Pure rules; the pool's triggers apply them.
 */

/** The group every self-registered account joins: citizens register themselves, nobody else does. */
export const SELF_SIGN_UP_GROUP: Role = 'citizen';

/** Groups that act for the administration, and so must have signed in with a second factor. */
export const STAFF_GROUPS: readonly Role[] = STAFF_ROLES;

/**
 * The groups a token may carry: a staff group only for an account with multi-factor sign-in
 * set up (the pool then asks for it at every sign-in); without it, the account is a citizen at
 * most, whatever groups an administrator put it in.
 */
export function tokenGroups(groups: readonly string[], hasSecondFactor: boolean): string[] {
  return hasSecondFactor ? [...groups] : groups.filter((group) => !STAFF_GROUPS.includes(group as Role));
}

/**
 * What the pool's token trigger (version 2) answers: the groups of the ID token and of the
 * access token alike, so that neither kind of token carries a staff group without a second
 * factor (the version 1 trigger changed the ID token only, and the API takes both).
 */
export function tokenOverrides(groups: readonly string[], hasSecondFactor: boolean) {
  return { groupOverrideDetails: { groupsToOverride: tokenGroups(groups, hasSecondFactor) } };
}
