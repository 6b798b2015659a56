import { httpHandler } from '../../shared/http/handler.ts';
import { downloadLink } from '../../shared/services/downloads.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.downloadFile, async ({ params, principal }) => ({
  body: await downloadLink(params.code, params.uploadId, principal, new Date()),
  headers: { 'cache-control': 'no-store' },
}));
