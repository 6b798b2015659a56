import { httpHandler } from '../../shared/http/handler.ts';
import { publicJwks } from '../../shared/signing/receipts.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.receiptKeys, async () => ({
  body: await publicJwks(),
  headers: { 'cache-control': 'public, max-age=3600' },
}));
