import { join } from 'node:path';
import { ROOT } from './invoke.ts';

/** Where the local runtime keeps its data: database files, the issuer's key, checkpoints. */
export const STATE_DIR = process.env.MOTCUA_STATE_DIR ?? join(ROOT, '.motcua');
