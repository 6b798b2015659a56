import { httpHandler } from '../../shared/http/handler.ts';
import { syncHealth } from '../../shared/services/sync-health.ts';
import { syncHealthRoute as spec } from './health.manifest.ts';

export const handler = httpHandler(spec, async () => ({ body: { targets: await syncHealth() } }));
