import { ContactBody, ContactView } from '../../shared/api/me.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const requestContactCode = {
  entry: 'functions/me/contacts.ts',
  description: 'Sends a code to an email address or phone number to confirm it',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/me/contacts',
    access: ['citizen'],
    summary: 'Ask for a code to confirm an email or phone: messages about dossiers go only to confirmed ones',
    tag: 'Notifications',
    request: { body: ContactBody },
    response: {
      status: 202,
      description: 'A code was sent (200 with status confirmed when it already is)',
      body: ContactView,
    },
    problems: ['too-many-requests'],
  },
  uses: { table: { read: ['contacts'], write: ['contacts', 'rateLimit'] }, notifies: true },
} as const satisfies FunctionSpec;
