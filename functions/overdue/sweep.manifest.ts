import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const sweepOverdue = {
  entry: 'functions/overdue/sweep.ts',
  description: 'Finds overdue dossiers and feedback through the due-date index and alerts their units',
  memoryMb: 256,
  timeoutSeconds: 120,
  schedule: { everyMinutes: 15 },
  uses: {
    table: { read: ['dossier', 'feedback', 'catalog', 'dueMark'], write: ['dueMark'], indexes: ['gsi3'] },
    sendsTo: ['notifications'],
  },
} as const satisfies FunctionSpec;
