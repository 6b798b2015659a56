import { httpHandler } from '../../shared/http/handler.ts';
import { publicJwks } from '../../shared/signing/receipts.ts';
import { receiptKeys as spec } from './jwks.manifest.ts';

export const handler = httpHandler(spec, async () => ({
  body: await publicJwks(),
  headers: { 'cache-control': 'public, max-age=3600' },
}));
