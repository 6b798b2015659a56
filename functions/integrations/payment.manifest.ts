import { PaymentBody, PaymentView } from '../../shared/api/integrations.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const integrationPayment = {
  entry: 'functions/integrations/payment.ts',
  description: "A payment platform's confirmation of a dossier's fee",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/integrations/v1/payments',
    access: { integrator: 'payments:confirm' },
    summary:
      'Confirm a fee paid, citing the payment order the dossier shows (`paymentOrder`): a dossier waiting for exactly that order and amount goes on to processing; anything else is kept for review and refused (422); the same transaction again changes nothing',
    tag: 'Integrations',
    request: { body: PaymentBody },
    response: { status: 200, description: 'The payment, accepted', body: PaymentView },
    problems: ['payment-refused', 'stale-version', 'idempotency-key-reused'],
  },
  uses: {
    table: {
      read: ['integrator', 'dossier', 'payment'],
      write: ['nonce', 'rateLimit', 'dossier', 'payment'],
    },
  },
} as const satisfies FunctionSpec;
