import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import {
  loadProvinceFile,
  PROVINCES_DIR,
  type Province,
  parseProvince,
} from '../../shared/config/province.ts';
import { type Finding, reviewProvince } from '../../shared/config/province-review.ts';
import { OpsError } from './errors.ts';
import { type NewProvince, provinceTemplate } from './province-template.ts';

/**
 * Writes a new province file (never over one), valid from the start; returns its decisions, each
 * still to take, as `field: question`.
 */
export function writeNewProvince(file: string, options: NewProvince): string[] {
  if (existsSync(file)) throw new OpsError(`${file} exists already: edit it, or choose another id.`);
  const draft = provinceTemplate(options);
  parseProvince(draft, file);
  writeFileSync(file, laidOut(`${JSON.stringify(draft, null, 2)}\n`, file));
  return Object.entries(draft.decisions).map(([key, open]) => `${key}: ${open.toDecide}`);
}

/** Laid out as the repository's formatter wants a province file, so that it passes `npm run lint`. */
function laidOut(json: string, file: string): string {
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
  const formatted = spawnSync(
    process.execPath,
    [biome, 'format', `--stdin-file-path=${join('provinces', basename(file))}`],
    { cwd: join(PROVINCES_DIR, '..'), input: json, encoding: 'utf8' },
  );
  if (formatted.status !== 0) throw new OpsError(`${file} could not be laid out: ${formatted.stderr.trim()}`);
  return formatted.stdout;
}

export interface ProvinceCheck {
  province: Province;
  findings: Finding[];
  /** What stops a go-live. */
  missing: number;
  /** What a demo file leaves open. */
  open: number;
}

/** A province file validated (its schema errors thrown, naming file and field) and reviewed. */
export function checkProvince(file: string, today: Date): ProvinceCheck {
  const province = loadProvinceFile(file);
  return reviewed(province, today);
}

export function reviewed(province: Province, today: Date): ProvinceCheck {
  const findings = reviewProvince(province, today);
  const count = (level: Finding['level']) => findings.filter((finding) => finding.level === level).length;
  return { province, findings, missing: count('missing'), open: count('demo') };
}
