import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { addPublicKey } from '../../shared/services/integrators.ts';
import { addIntegratorKey as spec } from './add-key.manifest.ts';

export const handler = httpHandler(spec, async ({ params, body, principal }) => {
  const { key, created } = await addPublicKey(params.id, body.publicKey, principal, now());
  return { body: key, status: created ? 201 : 200 };
});
