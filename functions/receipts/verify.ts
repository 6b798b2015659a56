import { httpHandler } from '../../shared/http/handler.ts';
import { verifyReceipt } from '../../shared/services/receipts.ts';
import { verifyReceipt as spec } from './verify.manifest.ts';

export const handler = httpHandler(spec, async ({ params, principal }) => ({
  body: await verifyReceipt(params.code, principal),
}));
