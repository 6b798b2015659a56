import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, dataStackName } from '../../infra/build-app.ts';
import { provinceAccount } from '../../infra/ops/aws.ts';
import { nextSteps } from '../../infra/ops/next-steps.ts';
import { writeNewProvince } from '../../infra/ops/province-files.ts';
import { retained } from '../../infra/ops/retained.ts';
import { DECISION_KEYS } from '../../shared/config/decisions.ts';
import { loadProvince, type Province, provinceFile } from '../../shared/config/province.ts';
import { statutoryHolidays } from '../../shared/domain/holidays.ts';
import { runOperatorCommand } from '../support/operator-command.ts';

const run = runOperatorCommand;

const oneSentence = (text: string) => text.trim().split('\n');

/** Province files a test writes where the commands look for them, removed after the tests. */
const written: string[] = [];
function provinceFixture(write: (id: string, file: string) => void): string {
  const id = `t-${randomUUID().slice(0, 8)}`;
  written.push(provinceFile(id));
  write(id, provinceFile(id));
  return id;
}
afterAll(() => {
  for (const file of written) rmSync(file, { force: true });
});

/** A province of its own going live: Thanh Hóa's file, its account pinned and every decision recorded. */
function readyProvince(id: string, account: string): Province {
  const { demo: _demo, ...thanhHoa } = loadProvince('thanh-hoa');
  const year = new Date().getUTCFullYear();
  const calendar = Object.fromEntries(
    [year, year + 1].map((at) => [String(at), { holidays: statutoryHolidays(at), workingWeekends: [] }]),
  );
  const values: Record<string, string> = { code: thanhHoa.code, account, region: thanhHoa.region };
  const decisions = Object.fromEntries(
    DECISION_KEYS.map((key) => [
      key,
      { decided: '2026-11-20', by: 'UBND tỉnh', ...(values[key] ? { value: values[key] } : {}) },
    ]),
  );
  return { ...thanhHoa, id, account, calendar, decisions };
}

/** STS answering GetCallerIdentity for one account, as credentials of that account would be answered. */
let stsOf: (account: string) => Record<string, string>;
let closeSts: () => void;
let stsAccount = '';
beforeAll(async () => {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${stsAccount}:user/operator</Arn><UserId>AIDAEXAMPLE</UserId><Account>${stsAccount}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  stsOf = (account) => {
    stsAccount = account;
    return {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${port}`,
    };
  };
  closeSts = () => server.close();
});
afterAll(() => closeSts());

describe("the operator's commands", () => {
  it.each([
    ['deploy', ['--demo']],
    ['diff', []],
    ['destroy', []],
    ['migrate', []],
  ])('%s without credentials stops with one clear sentence, exit 1', async (script, demo) => {
    const { code, stdout, stderr } = await run(script, ['--province', 'dong-nai', ...demo]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(oneSentence(stderr)).toEqual([
      expect.stringMatching(/^No AWS credentials were found: sign in .*\.$/),
    ]);
  });

  it('says when AWS cannot be reached, and names what is wrong with the command line', async () => {
    const offline = await run('deploy', ['--province', 'dong-nai', '--demo'], {
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

  it('deploy checks the province before asking AWS anything: a new file stops with what is left to decide', async () => {
    const id = provinceFixture((id, file) => writeNewProvince(file, { id, code: 'H99' }));
    const { code, stdout, stderr } = await run('deploy', ['--province', id]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const [sentence, ...list] = oneSentence(stderr);
    expect(sentence).toBe(
      `provinces/${id}.json is not ready to deploy: decide or fix these ${list.length}, record each decision in "decisions", then run npm run province -- check ${id}:`,
    );
    expect(list).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ {2}- decisions\.account: still to decide: the AWS account \(12 digits\)/),
        expect.stringMatching(/^ {2}- account: 000000000000 is the placeholder of a new file/),
        expect.stringMatching(/^ {2}- units: the units are still the four examples of a new file$/),
      ]),
    );
    expect(stderr).not.toMatch(/No AWS credentials/);
  });

  it('deploys a demo only with --demo, and --demo only a demo', async () => {
    const demo = await run('deploy', ['--province', 'thanh-hoa']);
    expect(demo.code).toBe(1);
    expect(demo.stdout).toBe('');
    const [sentence, ...open] = oneSentence(demo.stderr);
    expect(sentence).toBe(
      `provinces/thanh-hoa.json is a demo ("demo": true) with ${open.length} decisions left open: deploy it only with --demo, which says you mean a demo:`,
    );
    expect(open).toContainEqual(expect.stringMatching(/^ {2}- decisions\.account: not recorded as decided/));
    const id = provinceFixture((id, file) =>
      writeFileSync(file, JSON.stringify(readyProvince(id, '111111111111'))),
    );
    const own = await run('deploy', ['--province', id, '--demo']);
    expect(own.code).toBe(1);
    expect(oneSentence(own.stderr)).toEqual([
      `--demo deploys only a demo file ("demo": true), and provinces/${id}.json is a province's own.`,
    ]);
  });

  it.each(['deploy', 'diff', 'destroy'])(
    '%s refuses credentials of another account than the file pins, in one sentence',
    async (script) => {
      const id = provinceFixture((id, file) =>
        writeFileSync(file, JSON.stringify(readyProvince(id, '111111111111'))),
      );
      const { code, stdout, stderr } = await run(script, ['--province', id], stsOf('222222222222'));
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(oneSentence(stderr)).toEqual([
        `These credentials reach account 222222222222, but provinces/${id}.json pins Tỉnh Thanh Hóa to account 111111111111: sign in to 111111111111 and run the command again.`,
      ]);
    },
  );

  it('asks AWS nothing for a file that names no account, and lets a demo go to the account reached', async () => {
    const reached = async () => '333333333333';
    const { demo: _demo, ...own } = loadProvince('thanh-hoa');
    await expect(
      provinceAccount(own, 'provinces/thanh-hoa.json', () => Promise.reject(new Error('asked'))),
    ).rejects.toThrow(
      'provinces/thanh-hoa.json names no AWS account: set "account" to the 12 digits of the account the province deploys to, then run the command again.',
    );
    await expect(
      provinceAccount({ ...own, account: '000000000000' }, 'provinces/thanh-hoa.json', reached),
    ).rejects.toThrow(/names no AWS account but the placeholder 000000000000/);
    await expect(provinceAccount({ ...own, account: '333333333333' }, 'x', reached)).resolves.toBe(
      '333333333333',
    );
    await expect(provinceAccount(loadProvince('thanh-hoa'), 'x', reached)).resolves.toBe('333333333333');
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
    expect(steps).toContain('npm run staff -- add --province dong-nai --email <email> --role admin');
    // A province signing in with an issuer of its own gets no user pool commands.
    const external = {
      ...province,
      oidc: { provider: 'external', issuer: 'https://sso.vneid.gov.vn' },
    } as Province;
    const theirs = nextSteps(external, { ApiUrl: 'https://x' }).join('\n');
    expect(theirs).toContain('Administrators sign in with https://sso.vneid.gov.vn');
    expect(theirs).not.toContain('npm run staff');
    // The staff's sign-in and the DNS record of the API's own name, when the province has them.
    const withStaff = nextSteps(province, {
      ApiUrl: 'https://api.dongnai.gov.vn',
      StaffSignInUrl: 'https://dangnhap-dongnai.auth.ap-southeast-1.amazoncognito.com',
      StaffAppClientId: 'abc123',
      ApiDomainTarget: 'd-xyz.execute-api.ap-southeast-1.amazonaws.com',
    }).join('\n');
    expect(withStaff).toContain(
      'Staff sign-in  https://dangnhap-dongnai.auth.ap-southeast-1.amazoncognito.com (client abc123)',
    );
    expect(withStaff).toContain("point the API's name at d-xyz.execute-api.ap-southeast-1.amazonaws.com");
    expect(steps).not.toContain('Staff sign-in');
  });
});
