import { join } from 'node:path';
import { ROOT } from './invoke.ts';

/** Where the local runtime keeps its data: database files, the issuer's key, checkpoints. */
export const STATE_DIR = process.env.MOTCUA_STATE_DIR ?? join(ROOT, '.motcua');

/** Where `npm run integrator -- create` keeps an integrator's private key for `npm run sign`. */
export const integratorKeyFile = (id: string): string => join(STATE_DIR, 'integrators', `${id}.jwk`);
