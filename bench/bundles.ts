import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { bundling, bundlingDefines } from '../infra/constructs/motcua-function.ts';
import type { Manifest } from '../shared/manifest-types.ts';
import { median, round } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', '.out');

export interface BundleResult {
  name: string;
  bytes: number;
  importMs: number;
  importRatio: number;
}

/** Bundles an entry with the options the CDK stack gives esbuild. */
async function bundle(entry: string, outfile: string): Promise<number> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: bundling.target,
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    external: bundling.externalModules,
    mainFields: bundling.mainFields,
    banner: { js: bundling.banner },
    define: bundlingDefines(false),
    logLevel: 'silent',
  });
  return statSync(outfile).size;
}

/** Median time to import a module in a fresh Node process. */
function importTime(file: string, runs: number): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`;
  const times = Array.from({ length: runs }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }),
    ),
  );
  return median(times);
}

/**
 * Every function's bundle size, and its import time against a bundle that imports only
 * the DynamoDB client (the least a function of this system loads).
 */
export async function measureBundles(
  manifest: Manifest,
  runs = 5,
): Promise<{ baselineMs: number; bundles: BundleResult[] }> {
  mkdirSync(OUT, { recursive: true });
  const baselineEntry = join(OUT, 'baseline-entry.ts');
  writeFileSync(
    baselineEntry,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const handler = async () => new DynamoDBClient({});\n",
  );
  await bundle(baselineEntry, join(OUT, 'baseline.mjs'));
  const baselineMs = importTime(join(OUT, 'baseline.mjs'), runs);
  const bundles: BundleResult[] = [];
  for (const [name, spec] of Object.entries(manifest)) {
    const outfile = join(OUT, `${name}.mjs`);
    const bytes = await bundle(resolve(ROOT, spec.entry), outfile);
    const importMs = importTime(outfile, runs);
    bundles.push({ name, bytes, importMs: round(importMs), importRatio: round(importMs / baselineMs) });
  }
  return { baselineMs: round(baselineMs), bundles };
}
