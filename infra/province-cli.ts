import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ProvinceConfigError, provinceFile } from '../shared/config/province.ts';
import { OpsError } from './ops/errors.ts';
import { checkProvince, writeNewProvince } from './ops/province-files.ts';
import type { NewProvince } from './ops/province-template.ts';

const USAGE: string =
  'npm run province -- new <id> [--name "Tỉnh …"] [--code H00] [--region ap-southeast-1] | npm run province -- check <id>';

/**
 * `npm run province -- new <id>` writes a province file to fill in, with the decisions to
 * make listed in it; `npm run province -- check <id>` validates one and says what is missing
 * (exit 1) or suspicious.
 */
try {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, code: { type: 'string' }, region: { type: 'string' } },
  });
  const [command, id] = positionals;
  if (!id || (command !== 'new' && command !== 'check')) throw new OpsError(`Usage: ${USAGE}`);
  process.exitCode = command === 'new' ? create({ id, ...values }) : check(id);
} catch (error) {
  const known = error instanceof OpsError || error instanceof ProvinceConfigError;
  process.stderr.write(
    `${known ? (error as Error).message : `Unexpected failure: ${(error as Error).message}`}\n`,
  );
  process.exitCode = 1;
}

function create(options: NewProvince): number {
  const file = relative(process.cwd(), provinceFile(options.id));
  const decisions = writeNewProvince(file, options);
  process.stdout.write(
    `wrote ${file}; decide each of its "decisions", then record it there as { "decided": "yyyy-mm-dd", "by": "…" } (code, account and region with their "value"):\n`,
  );
  for (const decision of decisions) process.stdout.write(`  - ${decision}\n`);
  process.stdout.write(`then: npm run province -- check ${options.id}\n`);
  return 0;
}

function check(id: string): number {
  const file = relative(process.cwd(), provinceFile(id));
  if (!existsSync(file)) throw new OpsError(`There is no province "${id}": ${file} does not exist.`);
  const { province, findings, missing, open } = checkProvince(file, new Date());
  const suspicious = findings.length - missing - open;
  process.stdout.write(
    province.demo
      ? `${file}: valid, a demo; ${missing} missing, ${open} left open as a demo (deploy it only with --demo), ${suspicious} suspicious\n`
      : `${file}: valid; ${missing} missing, ${suspicious} suspicious\n`,
  );
  for (const { level, where, message } of findings)
    process.stdout.write(`  ${level.padEnd(10)} ${file}: ${where}: ${message}\n`);
  return missing > 0 ? 1 : 0;
}
