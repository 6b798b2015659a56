import { type App, type Stack, Tags, Validations } from 'aws-cdk-lib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { manifest as defaultManifest } from '../functions/manifest.ts';
import { loadProvinceFile, type Province, provinceFile } from '../shared/config/province.ts';
import type { FunctionSpec, Manifest } from '../shared/manifest-types.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { BackupCopyStack } from './stacks/backup-copy-stack.ts';
import { DataStack, PROVINCE_TAG } from './stacks/data-stack.ts';
import { CLOUDFRONT_REGION, EdgeFirewallStack } from './stacks/edge-firewall-stack.ts';
import { EdgeStack } from './stacks/edge-stack.ts';
import {
  attachToUserPool,
  deployFunction,
  type FunctionSettings,
  FunctionStack,
} from './stacks/function-stack.ts';
import { acknowledgeFunctionStack } from './stacks/nag.ts';

export interface BuildOptions {
  province: string;
  /** Another config file than `provinces/<province>.json`. */
  provinceFile?: string;
  manifest?: Manifest;
  bundling?: BundlingOptions;
}

/** Every stack of a province starts with this: `Motcua-<province>-…`. */
export const stackPrefix = (province: string): string => `Motcua-${province}`;

/** The stack of the province's state, kept when the others are removed. */
export const dataStackName = (province: string): string => `${stackPrefix(province)}-data`;

/**
 * The stacks the routes are spread over, by who calls them: each well under CloudFormation's
 * 500 resources, with room for the routes to come.
 */
const ROUTE_STACKS = {
  /** Anyone's routes and the integrators' signed ones. */
  public: (spec: FunctionSpec) => !Array.isArray(spec.http!.access),
  /** Routes a citizen's token opens (some also open to staff). */
  citizens: (spec: FunctionSpec) => (spec.http!.access as readonly string[]).includes('citizen'),
  /** Officers', leaders' and administrators' routes. */
  staff: () => true,
} as const;

/** One province: the stacks it deploys as one, in the order they depend on each other. */
export interface ProvinceApp {
  province: Province;
  data: DataStack;
  api: ApiStack;
  functionStacks: FunctionStack[];
  /** The public page's web ACL, in us-east-1. */
  firewall: EdgeFirewallStack;
  edge: EdgeStack;
  /** Every stack, in the order they deploy: the backup copies' vault (if any), then data first. */
  stacks: Stack[];
}

/** A province's stacks, checked by cdk-nag's AwsSolutions rules. */
export function buildApp(app: App, options: BuildOptions): ProvinceApp {
  const file = options.provinceFile ?? provinceFile(options.province);
  const province = loadProvinceFile(file);
  const manifest = options.manifest ?? defaultManifest;
  const prefix = stackPrefix(province.id);
  const common = { env: { region: province.region } };
  const settings: FunctionSettings = {
    province,
    provinceFile: file,
    ...(options.bundling ? { bundling: options.bundling } : {}),
  };
  const describe = (what: string) => `motcua — ${what} of ${province.name}`;

  const copies = province.backupCopyRegion
    ? new BackupCopyStack(app, `${prefix}-backup-copies`, {
        env: { region: province.backupCopyRegion },
        province: province.id,
        description: describe('the copies of the daily backups, in a second region'),
      })
    : undefined;
  const data = new DataStack(app, dataStackName(province.id), {
    ...common,
    province,
    description: describe('the state (table, files, keys, queues, users)'),
  });
  if (copies) data.addStackDependency(copies);
  const deployed = (Object.entries(manifest) as [string, FunctionSpec][]).filter(
    // The user pool's triggers exist only where the province signs in with its own pool.
    ([, spec]) => !spec.localOnly && !(spec.userPool && !data.userPool),
  );
  const triggers: Record<string, ReturnType<typeof deployFunction>> = {};
  for (const [name, spec] of deployed.filter(([, spec]) => spec.userPool)) {
    triggers[name] = deployFunction(data, name, spec, data, settings);
    attachToUserPool(data, name, spec, triggers[name]);
  }
  if (Object.keys(triggers).length) acknowledgeFunctionStack(data, data);

  const api = new ApiStack(app, `${prefix}-api`, { ...common, data, description: describe('the HTTP API') });
  const routes = deployed.filter(([, spec]) => spec.http);
  const taken = new Set<string>();
  const functionStacks = Object.entries(ROUTE_STACKS).map(([group, belongs]) => {
    const functions = routes.filter(([name, spec]) => !taken.has(name) && belongs(spec));
    for (const [name] of functions) taken.add(name);
    return new FunctionStack(app, `${prefix}-${group}`, {
      ...common,
      settings,
      data,
      api,
      functions,
      description: describe(`the ${group} routes`),
    });
  });
  functionStacks.push(
    new FunctionStack(app, `${prefix}-workers`, {
      ...common,
      settings,
      data,
      functions: deployed.filter(([, spec]) => !spec.http && !spec.userPool),
      description: describe('the background work (queues, streams, schedules, seed)'),
    }),
  );
  const firewall = new EdgeFirewallStack(app, `${prefix}-edge-firewall`, {
    env: { region: CLOUDFRONT_REGION },
    province: province.id,
    ratePerFiveMinutes: province.edgeRatePerFiveMinutes,
    description: describe("the public page's web ACL, where CloudFront takes it"),
  });
  const edge = new EdgeStack(app, `${prefix}-edge`, {
    ...common,
    province,
    webAclArn: firewall.webAclArn,
    data,
    api,
    functionStacks,
    otherFunctions: triggers,
    description: describe('the stage, CloudFront, the dashboard and alarms'),
  });
  const stacks: Stack[] = [...(copies ? [copies] : []), data, api, ...functionStacks, firewall, edge];
  for (const stack of stacks) Tags.of(stack).add(PROVINCE_TAG, province.id);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { province, data, api, functionStacks, firewall, edge, stacks };
}
