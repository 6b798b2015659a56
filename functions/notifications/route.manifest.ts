import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const routeNotifications = {
  entry: 'functions/notifications/route.ts',
  description: 'Turns each dossier event into the notifications it calls for',
  memoryMb: 256,
  timeoutSeconds: 10,
  queue: { queue: 'dossierEvents', batchSize: 10, maxConcurrency: 2 },
  uses: { table: { read: ['dossier'] }, sendsTo: ['notifications'] },
} as const satisfies FunctionSpec;
