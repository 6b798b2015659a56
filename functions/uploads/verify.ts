import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { verifyUpload } from '../../shared/services/uploads.ts';
import { verifyUpload as spec } from './verify.manifest.ts';

export const handler = httpHandler(spec, async ({ params, principal }) => ({
  body: await verifyUpload(params.uploadId, principal, now()),
}));
