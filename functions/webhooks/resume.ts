import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { resume } from '../../shared/services/redeliveries.ts';
import { resumeWebhook as spec } from './resume.manifest.ts';

export const handler = httpHandler(spec, async ({ params, integrator }) => ({
  body: await resume(integrator, params.id, now()),
}));
