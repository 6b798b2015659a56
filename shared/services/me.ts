import type { Principal } from '../http/principal.ts';

/** Whose in-app inbox the caller reads: an officer's is their unit's, a citizen's their own. */
export const inboxOwner = (principal: Principal): string =>
  principal.roles.includes('officer') && principal.unit ? `UNIT#${principal.unit}` : principal.sub;
