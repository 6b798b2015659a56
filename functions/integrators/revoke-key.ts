import { now } from '../../shared/clock.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { revokePublicKey } from '../../shared/services/integrators.ts';
import { revokeIntegratorKey as spec } from './revoke-key.manifest.ts';

export const handler = httpHandler(spec, async ({ params, principal }) => ({
  body: await revokePublicKey(params.id, params.thumbprint, principal, now()),
}));
