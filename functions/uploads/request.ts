import { httpHandler } from '../../shared/http/handler.ts';
import { requestUpload } from '../../shared/services/uploads.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.requestUpload, async ({ body, principal }) => ({
  status: 201,
  body: await requestUpload(body, principal, new Date()),
}));
