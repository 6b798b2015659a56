import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
type Step = { uses?: string; run?: string; with?: Record<string, string> };
type Job = { needs?: string; environment?: string; steps: Step[] };

describe('the example workflow that deploys a province', () => {
  const workflow = () =>
    parse(readFileSync(join(root, 'examples', 'deploy-province.yml'), 'utf8')) as {
      on: { push: { tags: string[] } };
      permissions: Record<string, string>;
      jobs: Record<string, Job>;
    };

  it('runs on a release tag, with short-lived credentials through OIDC and no stored key', () => {
    const { on, permissions, jobs } = workflow();
    expect(on.push.tags).toEqual(['v*.*.*']);
    expect(permissions['id-token']).toBe('write');
    const text = readFileSync(join(root, 'examples', 'deploy-province.yml'), 'utf8');
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\./);
    for (const [name, job] of Object.entries(jobs)) {
      const credentials = job.steps.find((step) =>
        step.uses?.startsWith('aws-actions/configure-aws-credentials'),
      );
      expect(credentials?.with?.['role-to-assume'], name).toMatch(/DEPLOY_ROLE_ARN/);
    }
  });

  it('deploys staging, then production, each after a diff its reviewers read first', () => {
    const { jobs } = workflow();
    const order: string[] = [];
    let next: string | undefined = Object.keys(jobs).find((name) => !jobs[name]!.needs);
    while (next) {
      order.push(next);
      const current: string = next;
      next = Object.keys(jobs).find((name) => jobs[name]!.needs === current);
    }
    expect(order).toEqual(['staging-diff', 'staging', 'production-diff', 'production']);
    const commands = (name: string) => jobs[name]!.steps.flatMap((step) => (step.run ? [step.run] : []));
    expect(commands('staging-diff').at(-1)).toMatch(/^npm run diff -- --province /);
    expect(commands('production').at(-1)).toMatch(/^npm run deploy -- --province .* --yes$/);
    // The two provinces are told apart by their own variables: another account, another role.
    expect(JSON.stringify(jobs.staging)).toContain('STAGING_DEPLOY_ROLE_ARN');
    expect(JSON.stringify(jobs.production)).not.toContain('STAGING');
  });
});
