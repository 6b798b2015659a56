import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const fetchChannelFiles = {
  entry: 'functions/channel-files/fetch.ts',
  description:
    'Fetches the files another channel named by address into quarantine, checks and scans them, and moves the dossier on to reception or a supplement request',
  memoryMb: 1024,
  timeoutSeconds: 100,
  queue: { queue: 'channelFiles', batchSize: 1, maxConcurrency: 2 },
  uses: {
    table: { read: ['dossier', 'catalog', 'upload'], write: ['dossier', 'upload'] },
    bucket: { read: ['quarantine'], write: ['quarantine', 'clean'], delete: ['quarantine'] },
    connectors: true,
  },
} as const satisfies FunctionSpec;
