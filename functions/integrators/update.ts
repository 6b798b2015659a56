import { httpHandler } from '../../shared/http/handler.ts';
import { changeIntegrator } from '../../shared/services/integrator-changes.ts';
import { updateIntegrator as spec } from './update.manifest.ts';

export const handler = httpHandler(spec, async ({ params, body, principal }) => ({
  body: await changeIntegrator(params.id, body, principal, new Date()),
}));
