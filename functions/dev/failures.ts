import { httpHandler } from '../../shared/http/handler.ts';
import { failNext } from '../../shared/persistence/dev-receivers.ts';
import { devFailures as spec } from './failures.manifest.ts';

export const handler = httpHandler(spec, async ({ params, body }) => {
  await failNext(params.name, body.times, body.status);
  return { body: { name: params.name, failNext: body.times, status: body.status } };
});
