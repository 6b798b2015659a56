import { ConfirmContactBody, ContactView } from '../../shared/api/me.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const confirmContact = {
  entry: 'functions/me/confirm-contact.ts',
  description: 'Confirms an email address or phone number with the code sent to it',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/me/contacts/confirm',
    access: ['citizen'],
    summary: 'Confirm an email or phone with the 6-digit code sent to it (5 tries, 15 minutes)',
    tag: 'Notifications',
    request: { body: ConfirmContactBody },
    response: { status: 200, description: 'The contact, confirmed', body: ContactView },
    problems: ['not-available-yet', 'too-many-requests'],
  },
  uses: { table: { read: ['contacts'], write: ['contacts'] } },
} as const satisfies FunctionSpec;
