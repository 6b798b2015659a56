import { PaymentsForReview, ReviewQuery } from '../../shared/api/integrations.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const paymentsForReview = {
  entry: 'functions/integrators/payments-review.ts',
  description: 'Payment confirmations that settled no dossier, for an officer to review',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/admin/payments/review',
    access: ['admin'],
    summary:
      'Payment confirmations kept for review (unknown dossier, not waiting for a fee, another amount), newest first',
    tag: 'Integrators',
    request: { query: ReviewQuery },
    response: { status: 200, description: 'Confirmations', body: PaymentsForReview },
  },
  uses: { table: { read: ['payment'], indexes: ['gsi1'] } },
} as const satisfies FunctionSpec;
