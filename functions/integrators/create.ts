import { httpHandler } from '../../shared/http/handler.ts';
import { integratorView, register } from '../../shared/services/integrators.ts';
import { createIntegrator as spec } from './create.manifest.ts';

export const handler = httpHandler(spec, async ({ body, principal }) => {
  await register(body, principal, new Date());
  return { body: await integratorView(body.id) };
});
