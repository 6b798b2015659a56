import { PreferencesBody } from '../../shared/api/me.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

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
