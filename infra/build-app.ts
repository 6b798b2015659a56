import { type App, Tags, Validations } from 'aws-cdk-lib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { manifest as defaultManifest } from '../functions/manifest.ts';
import { loadProvinceFile, provinceFile } from '../shared/config/province.ts';
import type { Manifest } from '../shared/manifest-types.ts';
import { ProvinceStack } from './province-stack.ts';

export interface BuildOptions {
  province: string;
  /** Another config file than `provinces/<province>.json`. */
  provinceFile?: string;
  manifest?: Manifest;
  bundling?: BundlingOptions;
}

export const stackName = (province: string): string => `Motcua-${province}`;

/** One stack per province, checked by cdk-nag's AwsSolutions rules. */
export function buildApp(app: App, options: BuildOptions): ProvinceStack {
  const file = options.provinceFile ?? provinceFile(options.province);
  const province = loadProvinceFile(file);
  const stack = new ProvinceStack(app, stackName(province.id), {
    province,
    provinceFile: file,
    manifest: options.manifest ?? defaultManifest,
    env: { region: province.region },
    description: `motcua — one-stop administrative procedures for ${province.name}`,
    ...(options.bundling ? { bundling: options.bundling } : {}),
  });
  Tags.of(stack).add('motcua:province', province.id);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
