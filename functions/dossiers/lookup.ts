import { httpHandler } from '../../shared/http/handler.ts';
import { lookup } from '../../shared/services/documents.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.lookupDossier, async ({ params, query, sourceIp }) => ({
  body: await lookup(params.code, query.phone, sourceIp, new Date()),
  headers: { 'cache-control': 'no-store' },
}));
