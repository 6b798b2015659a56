import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp, dataStackName } from '../../infra/build-app.ts';
import { nextSteps } from '../../infra/ops/next-steps.ts';
import { retained } from '../../infra/ops/retained.ts';
import { loadProvince, type Province } from '../../shared/config/province.ts';

const root = resolve(import.meta.dirname, '..', '..');
const emptyHome = mkdtempSync(join(tmpdir(), 'motcua-no-aws-'));

/** An operator's command as npm runs it, on a machine with no AWS configuration at all. */
function run(script: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn('npm', ['run', '-s', script, '--', ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH!,
        HOME: emptyHome,
        AWS_CONFIG_FILE: join(emptyHome, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(emptyHome, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

const oneSentence = (text: string) => text.trim().split('\n');

describe("the operator's commands", () => {
  it.each(['deploy', 'diff', 'destroy'])(
    '%s without credentials stops with one clear sentence, exit 1',
    async (script) => {
      const { code, stdout, stderr } = await run(script, ['--province', 'dong-nai']);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(oneSentence(stderr)).toEqual([
        expect.stringMatching(/^No AWS credentials were found: sign in .*\.$/),
      ]);
    },
  );

  it('says when AWS cannot be reached, and names what is wrong with the command line', async () => {
    const offline = await run('deploy', ['--province', 'dong-nai'], {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
    });
    expect(offline.code).toBe(1);
    expect(oneSentence(offline.stderr)).toEqual([expect.stringMatching(/^AWS cannot be reached from here/)]);
    const cases: [string[], RegExp][] = [
      [
        ['--province', 'atlantis'],
        /^There is no province "atlantis": provinces\/atlantis\.json does not exist\.$/,
      ],
      [[], /^Name the province: npm run deploy -- --province <id>/],
      [['--province', 'dong-nai', '--force'], /^Unknown option '--force'.*Usage: npm run deploy/],
    ];
    const answers = await Promise.all(cases.map(([args]) => run('deploy', args)));
    cases.forEach(([args, message], at) => {
      expect(answers[at]!.code, args.join(' ')).toBe(1);
      expect(oneSentence(answers[at]!.stderr), args.join(' ')).toEqual([expect.stringMatching(message)]);
    });
  });

  it('keeps the data stack on destroy, and it holds every resource that keeps data', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'motcua-cdk-'));
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, outdir });
    const { stacks } = buildApp(app, { province: 'dong-nai' });
    const assembly = app.synth();
    const kept = retained(assembly.getStackByName(dataStackName('dong-nai')).templateFullPath);
    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::S3::Bucket',
      'AWS::KMS::Key',
      'AWS::Cognito::UserPool',
      'AWS::Logs::LogGroup',
    ])
      expect(kept, type).toContainEqual(
        expect.stringMatching(new RegExp(`^${type.replaceAll('.', '\\.')} `)),
      );
    expect(kept.some((line) => line.startsWith('AWS::Lambda::Function'))).toBe(false);
    // Nothing retained is left in the stacks destroy removes.
    for (const stack of stacks.filter((stack) => stack.stackName !== dataStackName('dong-nai')))
      expect(retained(assembly.getStackByName(stack.stackName).templateFullPath), stack.stackName).toEqual(
        expect.not.arrayContaining([expect.stringMatching(/^AWS::(DynamoDB|S3|KMS|Cognito|SQS)::/)]),
      );
    // What the next steps are printed from, across the stacks.
    const outputs = stacks.flatMap((stack) =>
      Object.keys(assembly.getStackByName(stack.stackName).template.Outputs ?? {}),
    );
    expect(outputs).toEqual(
      expect.arrayContaining(['ApiUrl', 'Issuer', 'AlertsTopicArn', 'UserPoolId', 'UserPoolClientId']),
    );
  });

  it('tells the operator what to do next: the API, the public page, the issuer and the first administrator', () => {
    const province = loadProvince('dong-nai');
    const steps = nextSteps(province, {
      ApiUrl: 'https://abc.execute-api.ap-southeast-1.amazonaws.com',
      Issuer: 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_X',
      AlertsTopicArn: 'arn:aws:sns:ap-southeast-1:1:alerts',
      UserPoolId: 'ap-southeast-1_X',
      PublicUrl: 'https://d1.cloudfront.net',
    }).join('\n');
    expect(steps).toContain('https://abc.execute-api.ap-southeast-1.amazonaws.com/openapi.json');
    expect(steps).toContain('https://d1.cloudfront.net/cong-khai');
    expect(steps).toContain(
      'aws cognito-idp admin-add-user-to-group --region ap-southeast-1 --user-pool-id ap-southeast-1_X',
    );
    // A province signing in with an issuer of its own gets no user pool commands.
    const external = {
      ...province,
      oidc: { provider: 'external', issuer: 'https://sso.vneid.gov.vn' },
    } as Province;
    const theirs = nextSteps(external, { ApiUrl: 'https://x' }).join('\n');
    expect(theirs).toContain('Administrators sign in with https://sso.vneid.gov.vn');
    expect(theirs).not.toContain('cognito-idp');
  });
});
