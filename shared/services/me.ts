import type { Principal } from '../http/principal.ts';
import type { InboxOwner } from '../persistence/notifications.ts';

/** Whose in-app inbox the caller reads: an officer's is their unit's, a citizen's their own. */
export const inboxOwner = (principal: Principal): InboxOwner =>
  principal.roles.includes('officer') && principal.unit ? { unit: principal.unit } : { user: principal.sub };
