import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { requestUpload } from '../../shared/services/uploads.ts';
import { requestUpload as spec } from './request.manifest.ts';

export const handler = httpHandler(spec, async ({ body, principal }) => ({
  status: 201,
  body: await requestUpload(body, principal, now()),
}));
