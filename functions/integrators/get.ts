import { httpHandler } from '../../shared/http/handler.ts';
import { integratorView } from '../../shared/services/integrators.ts';
import { getIntegrator as spec } from './get.manifest.ts';

export const handler = httpHandler(spec, async ({ params }) => ({ body: await integratorView(params.id) }));
