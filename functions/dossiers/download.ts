import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { downloadLink } from '../../shared/services/downloads.ts';
import { downloadFile as spec } from './download.manifest.ts';

export const handler = httpHandler(spec, async ({ params, principal }) => ({
  body: await downloadLink(params.code, params.uploadId, principal, now()),
  headers: { 'cache-control': 'no-store' },
}));
