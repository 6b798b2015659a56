import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { bundling, bundlingDefines } from '../infra/constructs/motcua-function.ts';
import { type Manifest, signedScope } from '../shared/manifest-types.ts';
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
async function bundle(entry: string, outfile: string, signed = false): Promise<number> {
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
    define: bundlingDefines(false, signed),
    logLevel: 'silent',
  });
  return statSync(outfile).size;
}

/** Time to import a module in a fresh Node process. */
function importTime(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }),
  );
}

/**
 * Every function's bundle size, and its import time against a bundle that imports only
 * the DynamoDB client (the least a function of this system loads): the median of the ratios
 * of imports timed in pairs, function and baseline one after the other.
 */
export async function measureBundles(
  manifest: Manifest,
  runs = 7,
): Promise<{ baselineMs: number; bundles: BundleResult[] }> {
  mkdirSync(OUT, { recursive: true });
  const baselineEntry = join(OUT, 'baseline-entry.ts');
  writeFileSync(
    baselineEntry,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const handler = async () => new DynamoDBClient({});\n",
  );
  const baseline = join(OUT, 'baseline.mjs');
  await bundle(baselineEntry, baseline);
  const baselineTimes: number[] = [];
  const bundles: BundleResult[] = [];
  // Functions of the local runtime only are never deployed: no cold start of theirs counts.
  for (const [name, spec] of Object.entries(manifest).filter(([, spec]) => !spec.localOnly)) {
    const outfile = join(OUT, `${name}.mjs`);
    const signed = spec.http !== undefined && signedScope(spec.http.access) !== undefined;
    const bytes = await bundle(resolve(ROOT, spec.entry), outfile, signed);
    // Each import timed right after the baseline's, so that the machine's drift cancels out.
    const pairs = Array.from({ length: runs }, () => {
      const base = importTime(baseline);
      baselineTimes.push(base);
      const own = importTime(outfile);
      return { own, ratio: own / base };
    });
    bundles.push({
      name,
      bytes,
      importMs: round(median(pairs.map((pair) => pair.own))),
      importRatio: round(median(pairs.map((pair) => pair.ratio))),
    });
  }
  const baselineMs = median(baselineTimes);
  return { baselineMs: round(baselineMs), bundles };
}
