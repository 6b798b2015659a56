import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

/**
 * Where a file a function declares in `assets` is: next to the bundle on AWS (the stack copies
 * it there), in its package locally.
 */
export function assetPath(asset: string): string {
  const beside = join(process.env.LAMBDA_TASK_ROOT ?? '/nonexistent', basename(asset));
  return existsSync(beside) ? beside : createRequire(import.meta.url).resolve(asset);
}
