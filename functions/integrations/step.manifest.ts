import { ExternalStepBody, ExternalStepParams, ExternalStepView } from '../../shared/api/integrations.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const integrationStep = {
  entry: 'functions/integrations/step.ts',
  description: "A sector system's progress or result on a dossier at its unit",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/integrations/v1/dossiers/{code}/steps',
    access: { integrator: 'dossiers:progress' },
    summary:
      'Report a step on a dossier transferred to the sector system’s unit: progress (NguoiXuLy, NoiDungXuLy…), or the result (KetQua), which sends the dossier back; requires an Idempotency-Key header',
    tag: 'Integrations',
    request: {
      params: ExternalStepParams,
      headers: { 'idempotency-key': 'required' },
      body: ExternalStepBody,
    },
    response: {
      status: 200,
      description: 'The step recorded; with a result, the unit the dossier goes back to',
      body: ExternalStepView,
      headers: ['idempotent-replayed'],
    },
    problems: [
      'not-found',
      'action-not-allowed-in-state',
      'stale-version',
      'idempotency-in-progress',
      'idempotency-key-reused',
    ],
  },
  uses: {
    table: {
      read: ['integrator', 'dossier', 'catalog', 'idempotency'],
      write: ['nonce', 'rateLimit', 'dossier', 'idempotency'],
    },
  },
} as const satisfies FunctionSpec;
