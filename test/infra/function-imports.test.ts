import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import { bundling, bundlingDefines, ROOT } from '../../infra/constructs/motcua-function.ts';
import type { FunctionSpec, ResourceUse } from '../../shared/manifest-types.ts';

/**
 * A function reaches only what it is linked to, down to the code it loads: its bundle imports
 * the AWS SDK clients of the resources the manifest gives it, and no other (each client costs a
 * cold start from 4 ms for KMS to 22 ms for S3). Read off the bundles as CDK builds them.
 */
const CLIENTS: Record<keyof ResourceUse, readonly string[]> = {
  table: ['client-dynamodb', 'lib-dynamodb', 'util-dynamodb'],
  bucket: ['client-s3', 's3-presigned-post', 's3-request-presigner'],
  checkpoints: ['client-s3'],
  signingKey: ['client-kms'],
  sendsTo: ['client-sqs'],
  deadLettersOf: ['client-sqs'],
  notifies: ['client-sesv2', 'client-sns'],
  userPool: ['client-cognito-identity-provider'],
  connectors: [],
  webhookSecrets: ['client-kms'],
  drafts: ['client-kms'],
};

/** What a function may load besides its resources' clients, and why. */
function allowedBeyondUses(spec: FunctionSpec): string[] {
  return [
    // The HTTP kit checks an officer's unit in the catalog; public routes never call it.
    ...(spec.http ? ['client-dynamodb', 'lib-dynamodb'] : []),
    // A stream's records carry DynamoDB's attribute values.
    ...(spec.stream ? ['util-dynamodb'] : []),
  ];
}

const specs = Object.entries(manifest) as [string, FunctionSpec][];
const loaded = new Map<string, string[]>();

beforeAll(async () => {
  const result = await build({
    entryPoints: Object.fromEntries(specs.map(([name, spec]) => [name, resolve(ROOT, spec.entry)])),
    outdir: 'out',
    write: false,
    metafile: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: bundling.target,
    external: bundling.externalModules,
    mainFields: bundling.mainFields,
    define: bundlingDefines(false),
    logLevel: 'silent',
  });
  for (const [file, output] of Object.entries((result.metafile as Metafile).outputs)) {
    const name = file.match(/^out\/(\w+)\.js$/)?.[1];
    if (!name) continue;
    const sdk = output.imports.filter((i) => i.external && i.path.startsWith('@aws-sdk/'));
    loaded.set(name, [...new Set(sdk.map((i) => i.path.replace('@aws-sdk/', '')))].sort());
  }
}, 60_000);

describe("a function's bundle loads the AWS SDK clients of what it is linked to, and no other", () => {
  it.each(specs)('%s', (name, spec) => {
    const allowed = new Set([
      ...Object.keys(spec.uses).flatMap((use) => CLIENTS[use as keyof ResourceUse]),
      ...allowedBeyondUses(spec),
    ]);
    expect(loaded.get(name)?.filter((client) => !allowed.has(client))).toEqual([]);
  });

  /** Whether a package is in the health route's bundle, bundled with these constants. */
  const bundled = (pkg: string, defines: Record<string, string>) =>
    build({
      entryPoints: [resolve(ROOT, manifest.health.entry)],
      write: false,
      metafile: true,
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: bundling.externalModules,
      mainFields: bundling.mainFields,
      define: defines,
      logLevel: 'silent',
    }).then((r) => Object.keys(r.metafile.inputs).some((input) => input.includes(`node_modules/${pkg}/`)));

  it("the tracer is bundled only for a province that traces the SDK's calls", async () => {
    expect(await bundled('aws-xray-sdk-core', bundlingDefines(true))).toBe(true);
    expect(await bundled('aws-xray-sdk-core', bundlingDefines(false))).toBe(false);
  });

  it("the signature check is bundled only into integrators' routes", async () => {
    expect(await bundled('http-message-signatures', bundlingDefines(false, true))).toBe(true);
    expect(await bundled('http-message-signatures', bundlingDefines(false, false))).toBe(false);
  });

  it("the functions' dependencies share one copy of each AWS SDK and Powertools package: a second would load twice", () => {
    const { packages } = JSON.parse(readFileSync(resolve(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown> & { '': { dependencies: Record<string, string> } };
    };
    const runtime = Object.keys(packages[''].dependencies);
    const nested = Object.keys(packages).filter((path) =>
      runtime.some((dependency) =>
        ['@aws-sdk', '@aws-lambda-powertools'].some((scope) =>
          path.startsWith(`node_modules/${dependency}/node_modules/${scope}/`),
        ),
      ),
    );
    expect(nested).toEqual([]);
  });
});
