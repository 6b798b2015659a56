import {
  ConfirmContactBody,
  ContactBody,
  ContactView,
  MarkReadBody,
  NotificationsQuery,
  PreferencesBody,
} from '../../shared/api/me.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const myNotifications = {
  entry: 'functions/me/notifications.ts',
  description: "The caller's in-app notifications",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/me/notifications',
    access: ['citizen', 'officer'],
    summary: "The caller's notifications, newest first (an officer's: their unit's)",
    tag: 'Notifications',
    request: { query: NotificationsQuery },
    response: { status: 200, description: 'One page of notifications' },
  },
  uses: { table: { read: ['notifications', 'catalog'] } },
} as const satisfies FunctionSpec;

export const markNotificationsRead = {
  entry: 'functions/me/read.ts',
  description: 'Marks notifications read',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/me/notifications/read',
    access: ['citizen', 'officer'],
    summary: 'Mark notifications read',
    tag: 'Notifications',
    request: { body: MarkReadBody },
    response: { status: 204, description: 'Marked' },
  },
  uses: { table: { read: ['catalog'], write: ['notifications'] } },
} as const satisfies FunctionSpec;

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

export const putPreferences = {
  entry: 'functions/me/preferences.ts',
  description: "A citizen's notification language and channels",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'PUT',
    path: '/me/preferences',
    access: ['citizen'],
    summary: 'Choose the language (vi, en) and channels (in-app, email, sms) of notifications',
    tag: 'Notifications',
    request: { body: PreferencesBody },
    response: { status: 200, description: 'The preferences', body: PreferencesBody },
  },
  uses: { table: { write: ['preferences'] } },
} as const satisfies FunctionSpec;
