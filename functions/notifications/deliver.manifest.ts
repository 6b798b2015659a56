import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const deliverNotifications = {
  entry: 'functions/notifications/deliver.ts',
  description: 'Delivers notifications by email, SMS and in-app, each channel exactly once',
  memoryMb: 256,
  timeoutSeconds: 10,
  queue: { queue: 'notifications', batchSize: 10, maxConcurrency: 4 },
  uses: {
    table: { read: ['preferences', 'dossier', 'contacts'], write: ['deliveries', 'notifications'] },
    notifies: true,
  },
} as const satisfies FunctionSpec;
