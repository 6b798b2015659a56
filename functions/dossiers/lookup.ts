import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { lookup } from '../../shared/services/documents.ts';
import { lookupDossier as spec } from './lookup.manifest.ts';

export const handler = httpHandler(spec, async ({ params, query, sourceIp }) => {
  const proof = query.secret ? { secret: query.secret } : { phone: query.phone ?? '' };
  return {
    body: await lookup(params.code, proof, sourceIp, now()),
    headers: { 'cache-control': 'no-store' },
  };
});
