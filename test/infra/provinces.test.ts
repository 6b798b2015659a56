import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import type { Json } from '../support/json.ts';

/**
 * Properties that give a resource a name unique in an account and region: two stacks that both
 * set one to the same value cannot both be deployed there.
 */
const UNIQUE_NAMES = new Set([
  'TableName',
  'BucketName',
  'QueueName',
  'FunctionName',
  'LogGroupName',
  'TopicName',
  'RoleName',
  'ManagedPolicyName',
  'AliasName',
  'DashboardName',
  'AlarmName',
  'RuleName',
  'StateMachineName',
  'SecretName',
  'EmailIdentity',
  'Domain',
  'StackName',
]);

/** CloudFront's policies carry their name inside their config, unique in the whole account. */
const NAMED_CONFIGS = new Set([
  'CachePolicyConfig',
  'OriginRequestPolicyConfig',
  'ResponseHeadersPolicyConfig',
]);

/**
 * Every value of such a property in a template, resolved as far as a template can be: a
 * reference to one of the stack's own resources stays unique to the stack (CloudFormation
 * names those), the stack name and pseudo parameters are filled in.
 */
function namesIn(template: Json, stack: string, region: string): Map<string, string> {
  const resources = template.Resources as Record<string, Json>;
  const render = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const node = value as Record<string, unknown>;
    if ('Ref' in node) {
      const ref = node.Ref as string;
      if (ref === 'AWS::StackName') return stack;
      if (ref === 'AWS::Region') return region;
      if (ref.startsWith('AWS::')) return `{${ref}}`;
      return `{${stack}/${ref}}`;
    }
    // An export's name starts with the name of the stack that exports it.
    if ('Fn::ImportValue' in node) return `{import ${render(node['Fn::ImportValue'])}}`;
    if ('Fn::GetAtt' in node) return `{${stack}/${(node['Fn::GetAtt'] as string[]).join('.')}}`;
    if ('Fn::Join' in node) {
      const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
    return `{${stack}/${JSON.stringify(node)}}`;
  };
  const names = new Map<string, string>();
  for (const [id, resource] of Object.entries(resources))
    for (const [property, value] of Object.entries((resource.Properties ?? {}) as Record<string, unknown>))
      if (UNIQUE_NAMES.has(property)) names.set(render(value), `${resource.Type}.${property} of ${id}`);
      else if (NAMED_CONFIGS.has(property))
        names.set(render((value as Json).Name), `${resource.Type}.${property}.Name of ${id}`);
  return names;
}

function synthesised(province: string) {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [] },
    outdir: mkdtempSync(join(tmpdir(), 'motcua-cdk-')),
  });
  const { stacks } = buildApp(app, { province });
  const assembly = app.synth();
  const names = new Map<string, string>();
  const resources: Record<string, Json> = {};
  for (const stack of stacks) {
    const template = assembly.getStackByName(stack.stackName).template as Json;
    Object.assign(resources, template.Resources);
    for (const [name, where] of namesIn(template, stack.stackName, stack.region)) names.set(name, where);
    names.set(stack.stackName, `the stack ${stack.stackName}`);
  }
  return { template: { Resources: resources }, names };
}

describe('two provinces in one account and region', () => {
  it('synthesise, each past cdk-nag, to stacks that share no name AWS holds unique', {
    timeout: 90_000,
  }, () => {
    const [dongNai, thanhHoa] = [synthesised('dong-nai'), synthesised('thanh-hoa')];
    const [ours, theirs] = [dongNai.names, thanhHoa.names];
    expect(ours.size, 'names the check looked at').toBeGreaterThan(0);
    const shared = [...ours.keys()].filter((name) => theirs.has(name));
    expect(shared.map((name) => `${name}: ${ours.get(name)} and ${theirs.get(name)}`)).toEqual([]);
    const pools = (template: Json) =>
      Object.values(template.Resources as Record<string, Json>).filter(
        (r) => r.Type === 'AWS::Cognito::UserPool',
      );
    expect([pools(dongNai.template).length, pools(thanhHoa.template).length]).toEqual([1, 1]);
  });
});
