import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { register } from '../../shared/services/integrators.ts';
import { createIntegrator as spec } from './create.manifest.ts';

export const handler = httpHandler(spec, async ({ body, principal }) => ({
  body: await register(body, principal, now()),
}));
