import { httpHandler } from '../../shared/http/handler.ts';
import { paymentsForReview } from '../../shared/persistence/payments.ts';
import { paymentsForReview as spec } from './payments-review.manifest.ts';

export const handler = httpHandler(spec, async ({ query }) => ({
  body: {
    items: (await paymentsForReview(query.limit)).map(({ requestHash: _hash, ...payment }) => payment),
  },
}));
