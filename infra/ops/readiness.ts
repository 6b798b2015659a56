import type { Province } from '../../shared/config/province.ts';
import { OpsError } from './errors.ts';
import { reviewed } from './province-files.ts';

/**
 * What `deploy` runs before it asks AWS anything: the review of `npm run province -- check`.
 * Anything missing stops it with the list of what to decide; a demo file deploys only with
 * `--demo`, and `--demo` only a demo file.
 */
export function assertReady(province: Province, file: string, demo: boolean, today: Date): void {
  const { findings, missing, open } = reviewed(province, today);
  const list = (level: 'missing' | 'demo') =>
    findings
      .filter((finding) => finding.level === level)
      .map(({ where, message }) => `\n  - ${where}: ${message}`)
      .join('');
  if (missing > 0)
    throw new OpsError(
      `${file} is not ready to deploy: decide or fix these ${missing}, record each decision in "decisions", then run npm run province -- check ${province.id}:${list('missing')}`,
    );
  if (province.demo && !demo)
    throw new OpsError(
      `${file} is a demo ("demo": true) with ${open} decisions left open: deploy it only with --demo, which says you mean a demo:${list('demo')}`,
    );
  if (!province.demo && demo)
    throw new OpsError(`--demo deploys only a demo file ("demo": true), and ${file} is a province's own.`);
}
