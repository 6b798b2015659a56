import { ChannelSubmissionBody, ChannelSubmissionView } from '../../shared/api/integrations.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const integrationSubmit = {
  entry: 'functions/integrations/submit.ts',
  description: 'Files a dossier another channel received, in the national portal’s shape',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/integrations/v1/dossiers',
    access: { integrator: 'dossiers:submit' },
    summary:
      'File a dossier received through another channel (the national portal’s fields: MaHoSo, MaTTHC, ChuHoSo, TaiLieuNop…); the same MaHoSo again is answered with the first receipt',
    tag: 'Integrations',
    request: { body: ChannelSubmissionBody },
    response: {
      status: 201,
      description: 'The dossier’s code here, state 1 and the signed receipt',
      body: ChannelSubmissionView,
      headers: ['location', 'idempotent-replayed'],
    },
    problems: ['idempotency-in-progress', 'idempotency-key-reused'],
  },
  uses: {
    table: {
      read: ['integrator', 'catalog', 'idempotency', 'channel'],
      write: ['nonce', 'rateLimit', 'dossier', 'sequence', 'idempotency', 'channel'],
    },
    signingKey: 'sign',
    connectors: true,
  },
} as const satisfies FunctionSpec;
