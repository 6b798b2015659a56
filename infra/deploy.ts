import { BootstrapEnvironments } from '@aws-cdk/toolkit-lib';
import { bootstrapVersion, deployedRelease, provinceAccount } from './ops/aws.ts';
import { type OpsContext, runForProvince } from './ops/command.ts';
import { OpsError } from './ops/errors.ts';
import { migrateProvinceTable } from './ops/migrate.ts';
import { nextSteps } from './ops/next-steps.ts';
import { assertReady } from './ops/readiness.ts';
import { upgradeLine } from './ops/release.ts';
import { CLOUDFRONT_REGION } from './stacks/edge-firewall-stack.ts';

/** The bootstrap stack version the synthesised templates require. */
const BOOTSTRAP_VERSION = 6;
const USAGE = 'npm run deploy -- --province <id> [--bootstrap] [--yes] [--demo]';

/**
 * `npm run deploy -- --province <id>`: the province file validated and checked as `npm run
 * province -- check` does (anything missing stops it before AWS is asked; a demo file needs
 * --demo), the credentials' account compared with the file's, the account and region checked
 * (and bootstrapped with --bootstrap), the province's stacks synthesised with their cdk-nag
 * checks and deployed in order with a line per resource, the table brought to the release's
 * item shapes, then what the operator needs next.
 */
await runForProvince(USAGE, ['bootstrap', 'yes', 'demo'], async (context) => {
  const { province, say } = context;
  assertReady(province, context.path, context.flags.demo === true, new Date());
  const account = await provinceAccount(province, context.path);
  say(`${province.name}${province.demo ? ' (a demo)' : ''}: account ${account}, region ${province.region}`);
  say(upgradeLine(await deployedRelease(context.dataStack, province.region)));
  // The edge's web ACL lives in us-east-1 and the backup copies' vault in the second region:
  // each needs the CDK's staging too.
  const regions = new Set([
    province.region,
    CLOUDFRONT_REGION,
    ...(province.backupCopyRegion ? [province.backupCopyRegion] : []),
  ]);
  for (const region of regions) await ensureBootstrapped(context, account, region);
  const deployed = await context.toolkit.deploy(await context.assembly(), { stacks: context.selector });
  const outputs = Object.assign({}, ...deployed.stacks.map((stack) => stack.outputs));
  // The new code reads both shapes: the items are brought to the new ones once it is in.
  await migrateProvinceTable(province, outputs, say);
  for (const line of nextSteps(province, outputs)) say(line);
});

async function ensureBootstrapped(context: OpsContext, account: string, region: string): Promise<void> {
  const { id } = context.province;
  const version = await bootstrapVersion(region);
  if (version !== undefined && version >= BOOTSTRAP_VERSION) return;
  const what =
    version === undefined
      ? 'is not bootstrapped'
      : `has bootstrap version ${version}, older than ${BOOTSTRAP_VERSION}`;
  if (!context.flags.bootstrap)
    throw new OpsError(
      `Account ${account} ${what} in ${region}: run npm run deploy -- --province ${id} --bootstrap, which bootstraps it first.`,
    );
  context.say(`bootstrapping aws://${account}/${region} (the CDK's staging bucket and roles)…`);
  await context.toolkit.bootstrap(BootstrapEnvironments.fromList([`aws://${account}/${region}`]));
}
