import { httpHandler } from '../../shared/http/handler.ts';
import { verifyReceipt } from '../../shared/services/receipts.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.verifyReceipt, async ({ params, principal }) => ({
  body: await verifyReceipt(params.code, principal),
}));
