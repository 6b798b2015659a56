import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type BuildOptions, buildApp, type ProvinceApp } from '../../infra/build-app.ts';
import type { Json } from './json.ts';

/** Bundling is skipped in tests (the bench and `npm run synth` bundle for real). */
export const skipBundling = { 'aws:cdk:bundling-stacks': [] };

export interface SynthesisedProvince {
  app: App;
  built: ProvinceApp;
  /** Each stack's template, by stack name. */
  templates: Record<string, Json>;
  /**
   * Every stack's resources and outputs as one template, each import replaced by the value its
   * export gives: what the province deploys, read as a whole.
   */
  whole: Json;
  template: Template;
}

/** A province's stacks synthesised, without bundling. */
export function synthProvince(options: Partial<BuildOptions> = {}): SynthesisedProvince {
  const app = new App({ context: skipBundling, outdir: mkdtempSync(join(tmpdir(), 'motcua-cdk-')) });
  const built = buildApp(app, { province: 'dong-nai', ...options });
  const assembly = app.synth();
  const templates: Record<string, Json> = Object.fromEntries(
    built.stacks.map((stack) => [stack.stackName, assembly.getStackByName(stack.stackName).template]),
  );
  const whole = merged(Object.values(templates));
  return { app, built, templates, whole, template: Template.fromJSON(whole) };
}

function merged(templates: Json[]): Json {
  const exported = new Map<string, Json>();
  for (const template of templates)
    for (const output of Object.values<Json>(template.Outputs ?? {}))
      if (output.Export?.Name) exported.set(output.Export.Name, output.Value);
  const resolve = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const name = value['Fn::ImportValue'];
    if (typeof name === 'string') {
      if (!exported.has(name)) throw new Error(`no stack exports ${name}`);
      return exported.get(name);
    }
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]));
  };
  const whole: Json = { Resources: {}, Outputs: {} };
  for (const template of templates) {
    for (const [id, resource] of Object.entries<Json>(template.Resources ?? {})) {
      if (whole.Resources[id]) throw new Error(`two stacks hold a resource ${id}`);
      whole.Resources[id] = resolve(resource);
    }
    for (const [id, output] of Object.entries<Json>(template.Outputs ?? {}))
      if (!output.Export) whole.Outputs[id] = resolve(output);
  }
  return whole;
}
