import { httpHandler } from '../../shared/http/handler.ts';
import { verifyUpload } from '../../shared/services/uploads.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.verifyUpload, async ({ params, principal }) => ({
  body: await verifyUpload(params.uploadId, principal, new Date()),
}));
