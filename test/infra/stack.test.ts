import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Bucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import { buildApp } from '../../infra/build-app.ts';
import { PublicEdge } from '../../infra/constructs/public-edge.ts';
import { RESOURCE_ALARM, RESOURCE_LIMIT, resourceCount } from '../../infra/ops/headroom.ts';
import { MANAGED_RULE_GROUPS } from '../../infra/stacks/edge-firewall-stack.ts';
import { DEPLOYMENT_CONFIGS, ROUTE_THROTTLES } from '../../infra/stacks/function-stack.ts';
import { loadProvince, ProvinceSchema } from '../../shared/config/province.ts';
import { type FunctionSpec, routeKey, signedScope, takesToken } from '../../shared/manifest-types.ts';
import { queues, table } from '../../shared/resources.ts';
import type { Json } from '../support/json.ts';
import { type SynthesisedProvince, skipBundling, synthProvince } from '../support/province-template.ts';

function synth(provinceFile?: string) {
  const app = new App({ context: skipBundling, outdir: mkdtempSync(join(tmpdir(), 'motcua-cdk-')) });
  const built = buildApp(app, { province: 'dong-nai', ...(provinceFile ? { provinceFile } : {}) });
  return { app, built };
}

const all = Object.entries(manifest) as [string, FunctionSpec][];
/** What is deployed: everything but the local runtime's developer tools. */
const entries = all.filter(([, spec]) => !spec.localOnly);
let template: Template;
let resources: Record<string, Json>;
let province: SynthesisedProvince;

const functionOf = (name: string) => {
  const id = Object.keys(resources).find(
    (logicalId) =>
      resources[logicalId].Type === 'AWS::Lambda::Function' &&
      logicalId.startsWith(name.charAt(0).toUpperCase() + name.slice(1)),
  );
  if (!id) throw new Error(`no function ${name}`);
  return { id, resource: resources[id] };
};

// One synthesis for the whole file: it is the slowest part of these tests.
beforeAll(() => {
  province = synthProvince();
  template = province.template;
  resources = province.whole.Resources;
});

describe('the province stacks', () => {
  it('are named after their province and deployed to its region, the data stack first', () => {
    const names = province.built.stacks.map((stack) => stack.stackName);
    expect(names).toEqual([
      'Motcua-dong-nai-data',
      'Motcua-dong-nai-api',
      'Motcua-dong-nai-public',
      'Motcua-dong-nai-citizens',
      'Motcua-dong-nai-staff',
      'Motcua-dong-nai-workers',
      'Motcua-dong-nai-edge-firewall',
      'Motcua-dong-nai-edge',
    ]);
    // All in the province's region but the distribution's web ACL, which CloudFront takes from us-east-1.
    for (const stack of province.built.stacks)
      expect(stack.region, stack.stackName).toBe(
        stack === province.built.firewall ? 'us-east-1' : loadProvince('dong-nai').region,
      );
  });

  it(`each hold at most ${RESOURCE_ALARM * 100}% of CloudFormation's ${RESOURCE_LIMIT} resources`, () => {
    const counts = Object.entries(province.templates).map(([name, stackTemplate]) => ({
      name,
      count: resourceCount(stackTemplate),
    }));
    for (const { name, count } of counts)
      expect(count, name).toBeLessThanOrEqual(RESOURCE_LIMIT * RESOURCE_ALARM);
    // Nothing was lost on the way: the stacks hold every function of the manifest.
    expect(template.findResources('AWS::Lambda::Function')).toSatisfy(
      (found: object) => Object.keys(found).length >= entries.length,
    );
  });

  it('keep the state in a data stack protected from termination, which names no other stack', () => {
    const data = province.built.data;
    expect(data.terminationProtection).toBe(true);
    expect(data.dependencies).toEqual([]);
    const kinds = new Set(
      Object.values<Json>(province.templates[data.stackName].Resources).map((r) => r.Type),
    );
    for (const kind of [
      'AWS::DynamoDB::Table',
      'AWS::S3::Bucket',
      'AWS::KMS::Key',
      'AWS::SQS::Queue',
      'AWS::Logs::LogGroup',
    ])
      expect(kinds, kind).toContain(kind);
    for (const stack of province.built.stacks.filter((stack) => stack !== data))
      expect(stack.terminationProtection, stack.stackName).toBeFalsy();
  });

  it("throttles public routes and integrators' routes on their own, below the stage, after the routes exist", () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage')) as Json[];
    const settings = stage.Properties.RouteSettings;
    const { rateLimit, burstLimit } = stage.Properties.DefaultRouteSettings
      ? {
          rateLimit: stage.Properties.DefaultRouteSettings.ThrottlingRateLimit,
          burstLimit: stage.Properties.DefaultRouteSettings.ThrottlingBurstLimit,
        }
      : { rateLimit: 0, burstLimit: 0 };
    for (const [name, spec] of entries) {
      if (!spec.http) continue;
      const kind =
        spec.http.access === 'public' ? 'public' : signedScope(spec.http.access) ? 'signed' : undefined;
      const setting = settings[routeKey(spec.http)];
      if (!kind) {
        expect(setting, name).toBeUndefined();
        continue;
      }
      expect(setting, name).toEqual({
        ThrottlingRateLimit: ROUTE_THROTTLES[kind].rateLimit,
        ThrottlingBurstLimit: ROUTE_THROTTLES[kind].burstLimit,
      });
      expect(ROUTE_THROTTLES[kind].rateLimit).toBeLessThan(rateLimit);
      expect(ROUTE_THROTTLES[kind].burstLimit).toBeLessThan(burstLimit);
    }
    const throttled = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).filter(
      (route) => settings[(route as Json).Properties.RouteKey],
    );
    expect(throttled.length).toBeGreaterThan(10);
    // The stage is deployed after every stack that holds a route it names.
    const withRoutes = province.built.functionStacks.filter((stack) => stack.routeFunctions.size > 0);
    expect(withRoutes.length).toBeGreaterThan(1);
    for (const stack of withRoutes) expect(province.built.edge.dependencies).toContain(stack);
  });

  it('has one route per manifest route, with the JWT authorizer on every route that is not public', () => {
    for (const [, spec] of entries) {
      if (!spec.http) continue;
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey(spec.http),
        AuthorizationType: takesToken(spec.http.access) ? 'JWT' : 'NONE',
      });
    }
    const routes = template.findResources('AWS::ApiGatewayV2::Route');
    expect(Object.keys(routes)).toHaveLength(entries.filter(([, spec]) => spec.http).length);
    const keys = Object.values(routes).map((route: Json) => route.Properties.RouteKey);
    for (const [, spec] of all.filter(([, candidate]) => candidate.localOnly && candidate.http)) {
      expect(keys).not.toContain(routeKey(spec.http!));
    }
  });

  it('releases each route’s function through its live alias, shifted by CodeDeploy and rolled back on the API’s 5xx', () => {
    const ofType = (type: string) =>
      Object.entries(resources).filter(([, resource]) => resource.Type === type);
    const aliases = ofType('AWS::Lambda::Alias');
    const integrations = ofType('AWS::ApiGatewayV2::Integration');
    const [rollbackAlarm] = ofType('AWS::CloudWatch::Alarm').find(([id]) =>
      id.startsWith('ReleaseServerErrors'),
    )!;
    expect(resources[rollbackAlarm].Properties).toMatchObject({
      MetricName: '5xx',
      Namespace: 'AWS/ApiGateway',
      Period: 60,
      Statistic: 'Sum',
      Threshold: 5,
      EvaluationPeriods: 2,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    for (const [name, spec] of entries) {
      const { id } = functionOf(name);
      const alias = aliases.find(([, resource]) => resource.Properties.FunctionName.Ref === id);
      if (!spec.http) {
        expect(alias, `${name} takes a release at once`).toBeUndefined();
        continue;
      }
      expect(alias, name).toBeDefined();
      const [aliasId, aliasResource] = alias!;
      expect(aliasResource.Properties.Name).toBe('live');
      // The route calls the alias, never the function's latest code.
      expect(
        integrations.some(([, integration]) =>
          JSON.stringify(integration.Properties.IntegrationUri).includes(`"${aliasId}"`),
        ),
        name,
      ).toBe(true);
      const group = resources[aliasResource.UpdatePolicy.CodeDeployLambdaAliasUpdate.DeploymentGroupName.Ref];
      expect(group.Properties).toMatchObject({
        DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
        AlarmConfiguration: { Enabled: true, Alarms: [{ Name: { Ref: rollbackAlarm } }] },
        AutoRollbackConfiguration: {
          Enabled: true,
          Events: expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
        },
      });
    }
    expect(
      integrations.every(
        ([, integration]) => !JSON.stringify(integration.Properties.IntegrationUri).includes('"Fn::GetAtt"'),
      ),
    ).toBe(true);
  });

  it('names a CodeDeploy configuration for every way a province file may shift a release', () => {
    const ways = ProvinceSchema.shape.apiDeployment.unwrap().options.filter((way) => way !== 'all-at-once');
    expect(Object.keys(DEPLOYMENT_CONFIGS).sort()).toEqual([...ways].sort());
    expect(DEPLOYMENT_CONFIGS['linear-10-percent-every-3-minutes'].deploymentConfigName).toBe(
      'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes',
    );
  });

  it('runs every function on nodejs24.x, arm64, with explicit memory and timeout; traces the API’s', () => {
    for (const [name, spec] of entries) {
      const { resource } = functionOf(name);
      expect(resource.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
      });
      // The background joins a trace that reaches it sampled (pass-through, the default).
      expect(resource.Properties.TracingConfig?.Mode ?? 'PassThrough', name).toBe(
        spec.http ? 'Active' : 'PassThrough',
      );
    }
  });

  it('keeps the table: on-demand, PITR, KMS, stream with both images, retained, deletion-protected', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        DeletionProtectionEnabled: true,
        GlobalSecondaryIndexes: table.indexes.map((index) => Match.objectLike({ IndexName: index.name })),
      }),
    });
  });

  it('filters the outbox stream to history events (dossiers’ and feedback’s), bisects failing batches and keeps what fails', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: {
        Filters: [{ Pattern: Match.stringLikeRegexp('"entity":\\{"S":\\["event","feedback-event"\\]') }],
      },
    });
  });

  it('gives every queue a DLQ, KMS encryption and a TLS-only policy', () => {
    const all = template.findResources('AWS::SQS::Queue');
    const main = Object.values(all).filter((queue: Json) => queue.Properties.RedrivePolicy);
    expect(main).toHaveLength(Object.keys(queues).length + 1);
    for (const queue of Object.values(all) as Json[]) expect(queue.Properties.KmsMasterKeyId).toBeDefined();
    for (const [, definition] of Object.entries(queues)) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: definition.visibilityTimeoutSeconds,
        RedrivePolicy: Match.objectLike({ maxReceiveCount: definition.maxReceiveCount }),
        ...(definition.fifo ? { FifoQueue: true } : {}),
      });
    }
    // A FIFO queue's DLQ must be FIFO too.
    const fifo = Object.values(all).filter((queue: Json) => queue.Properties.FifoQueue) as Json[];
    expect(fifo).toHaveLength(2 * Object.values(queues).filter((definition) => definition.fifo).length);
    const policies = template.findResources('AWS::SQS::QueuePolicy');
    expect(Object.keys(policies).length).toBe(Object.keys(all).length);
    for (const policy of Object.values(policies) as Json[]) {
      expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('alarms to the operators as soon as a DLQ, the stream failure queue or the schedules’ dead letters hold a message', () => {
    const alarms = (Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Json[]).filter(
      (alarm) => alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    // Each queue's DLQ, the stream failures' queue and its DLQ, the schedules' dead letters.
    expect(alarms).toHaveLength(Object.keys(queues).length + 3);
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [expect.objectContaining({ Ref: expect.stringMatching(/^OperatorAlerts/) })],
      });
    }
  });

  it('keeps files private: public access blocked, encrypted, TLS only, versioned, quarantine expiring', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Prefix: 'quarantine/', ExpirationInDays: 1 })]),
      },
    });
  });

  it('has GuardDuty scan the quarantine prefix and tag what it finds', () => {
    template.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      ProtectedResource: { S3Bucket: { ObjectPrefixes: ['quarantine/'] } },
      Actions: { Tagging: { Status: 'ENABLED' } },
    });
    for (const [name, spec] of entries) {
      if (!spec.uses.bucket) continue;
      expect(functionOf(name).resource.Properties.Environment.Variables.MALWARE_SCANNER, name).toBe(
        'guardduty',
      );
    }
  });

  it('runs scheduled functions from an EventBridge rule at their rate', () => {
    for (const [, spec] of entries.filter(([, candidate]) => candidate.schedule)) {
      const minutes = spec.schedule!.everyMinutes;
      // As CDK writes a rate: in the largest whole unit (a week is `rate(7 days)`).
      const expression = Schedule.rate(Duration.minutes(minutes)).expressionString;
      template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: expression });
    }
  });

  it('throttles the API stage and writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: Match.objectLike({
        ThrottlingRateLimit: Match.anyValue(),
        ThrottlingBurstLimit: Match.anyValue(),
      }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    // Each line names the route and the caller, the answer and its time.
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage')) as Json[];
    const fields = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(fields).toMatchObject({
      route: '$context.routeKey',
      caller: '$context.authorizer.claims.sub',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
    });
  });

  it('creates a Cognito user pool with the citizen, officer, leader and admin groups', () => {
    for (const group of ['citizen', 'officer', 'leader', 'admin']) {
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
  });

  it('sends the pool’s messages through SES from the province’s address, Vietnamese first, and offers no hosted flow to citizens’ apps', () => {
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0] as Json;
    expect(pool.Properties.EmailConfiguration).toMatchObject({
      EmailSendingAccount: 'DEVELOPER',
      From: expect.stringContaining('no-reply@dong-nai.motcua.vn'),
    });
    expect(pool.Properties.EmailConfiguration.SourceArn).toBeDefined();
    expect(pool.Properties.VerificationMessageTemplate.EmailMessage).toMatch(
      /^Mã xác minh tài khoản của bạn là \{####\}/,
    );
    expect(pool.Properties.SmsConfiguration).toBeDefined();
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient')) as Json[];
    expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(JSON.stringify(province.whole)).not.toContain('example.com');
  });

  it('gives staff applications a client of their own, code flow with PKCE only, back to the province’s URLs; and the API and the page their own domains', () => {
    const config = {
      ...loadProvince('dong-nai'),
      staffApps: {
        callbackUrls: ['https://canbo.dongnai.gov.vn/dang-nhap'],
        logoutUrls: ['https://canbo.dongnai.gov.vn/'],
        signInDomainPrefix: 'dangnhap-dongnai',
      },
      domains: {
        api: {
          name: 'api.dichvucong.dongnai.gov.vn',
          certificateArn:
            'arn:aws:acm:ap-southeast-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
        },
        publicPage: {
          name: 'congkhai.dongnai.gov.vn',
          certificateArn:
            'arn:aws:acm:us-east-1:123456789012:certificate/1f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
        },
      },
    };
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-province-')), 'dong-nai.json');
    writeFileSync(file, JSON.stringify(config));
    const app = new App({ context: skipBundling, outdir: mkdtempSync(join(tmpdir(), 'motcua-cdk-')) });
    const { data, edge } = buildApp(app, { province: 'dong-nai', provinceFile: file });
    const pool = Template.fromStack(data);
    const staff = (Object.values(pool.findResources('AWS::Cognito::UserPoolClient')) as Json[]).find(
      (client) => client.Properties.AllowedOAuthFlows,
    )!;
    expect(staff.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: ['https://canbo.dongnai.gov.vn/dang-nhap'],
      LogoutURLs: ['https://canbo.dongnai.gov.vn/'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(staff.Properties.GenerateSecret).toBeFalsy();
    pool.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'dangnhap-dongnai',
      ManagedLoginVersion: 2,
    });
    // The API takes the staff client's tokens as well as the citizens'.
    expect(data.audiences).toHaveLength(2);
    const front = Template.fromStack(edge);
    front.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.dichvucong.dongnai.gov.vn',
    });
    front.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    front.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Aliases: ['congkhai.dongnai.gov.vn'] }),
    });
    front.hasOutput('ApiUrl', { Value: 'https://api.dichvucong.dongnai.gov.vn' });
  });

  it('lets users change only their contacts, offers MFA, and gives staff groups only with it', () => {
    const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0] as Json;
    expect(client.Properties.WriteAttributes.sort()).toEqual(['email', 'phone_number']);
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0] as Json;
    expect(pool.Properties).toMatchObject({
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
    const triggers = pool.Properties.LambdaConfig;
    // Version 2 of the trigger (on the Essentials tier) edits the access token as well as the ID token.
    expect(pool.Properties.UserPoolTier).toBe('ESSENTIALS');
    expect(triggers.PreTokenGenerationConfig.LambdaVersion).toBe('V2_0');
    expect(triggers.PreTokenGenerationConfig.LambdaArn['Fn::GetAtt'][0]).toMatch(/^StaffNeedSecondFactor/);
    expect(triggers.PreTokenGeneration).toBeUndefined();
    expect(triggers.PostConfirmation['Fn::GetAtt'][0]).toMatch(/^CitizensSignUp/);
  });

  it('seeds the catalog with a custom resource that changes with the config', () => {
    const seeds = template.findResources('AWS::CloudFormation::CustomResource');
    expect(Object.values(seeds).map((seed: Json) => seed.Properties.configHash)).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
  });

  it('backs up the table, the files and the checkpoints every day, kept 35 days, restores allowed', () => {
    const [rule] = Object.values(template.findResources('AWS::Backup::BackupPlan')).flatMap(
      (plan) => (plan as Json).Properties.BackupPlan.BackupPlanRule as Json[],
    );
    expect(rule).toMatchObject({
      ScheduleExpression: 'cron(0 19 * * ? *)',
      Lifecycle: { DeleteAfterDays: 35 },
    });
    expect(rule.CopyActions).toBeUndefined();
    const [selection] = Object.values(template.findResources('AWS::Backup::BackupSelection')) as Json[];
    const chosen = JSON.stringify(selection.Properties.BackupSelection.Resources);
    for (const kept of ['Table', 'Files', 'Checkpoints'])
      expect(chosen).toMatch(new RegExp(`"${kept}[0-9A-F]{8}"`));
    const [vault] = Object.values(template.findResources('AWS::Backup::BackupVault')) as Json[];
    expect(vault.DeletionPolicy).toBe('Retain');
    expect(JSON.stringify(vault.Properties.EncryptionKeyArn)).toMatch(/DataKey/);
  });

  it('copies each backup to the second region the province names, into a vault deployed there first', () => {
    const config = { ...loadProvince('dong-nai'), backupCopyRegion: 'ap-southeast-2' };
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-province-')), 'dong-nai.json');
    writeFileSync(file, JSON.stringify(config));
    const app = new App({ context: skipBundling, outdir: mkdtempSync(join(tmpdir(), 'motcua-cdk-')) });
    const { stacks, data } = buildApp(app, { province: 'dong-nai', provinceFile: file });
    const [copies] = stacks;
    expect([copies!.stackName, copies!.region, copies!.terminationProtection]).toEqual([
      'Motcua-dong-nai-backup-copies',
      'ap-southeast-2',
      true,
    ]);
    expect(data.dependencies).toEqual([copies]);
    const [plan] = Object.values(Template.fromStack(data).findResources('AWS::Backup::BackupPlan')) as Json[];
    const [action] = plan.Properties.BackupPlan.BackupPlanRule[0].CopyActions;
    expect(JSON.stringify(action.DestinationBackupVaultArn)).toContain('":backup:ap-southeast-2:"');
    expect(JSON.stringify(action.DestinationBackupVaultArn)).toContain(
      ':backup-vault:motcua-dong-nai-copies',
    );
    expect(Template.fromStack(copies!).findResources('AWS::Backup::BackupVault')).toSatisfy((found: object) =>
      Object.values(found).some(
        (vault) => (vault as Json).Properties.BackupVaultName === 'motcua-dong-nai-copies',
      ),
    );
  });

  it('uses an external issuer instead of Cognito when the config names one', () => {
    const config = {
      ...loadProvince('dong-nai'),
      oidc: {
        provider: 'external',
        issuer: 'https://sso.dongnai.gov.vn',
        audience: ['motcua'],
        claims: { roles: 'groups', unit: 'unit' },
      },
    };
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-province-')), 'dong-nai.json');
    writeFileSync(file, JSON.stringify(config));
    const external = synthProvince({ provinceFile: file }).template;
    external.resourceCountIs('AWS::Cognito::UserPool', 0);
    external.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: 'https://sso.dongnai.gov.vn', Audience: ['motcua'] },
    });
    // The user pool's triggers go with the pool.
    const functions = Object.keys(external.findResources('AWS::Lambda::Function'));
    expect(functions.filter((id) => /^(StaffNeedSecondFactor|CitizensSignUp)/.test(id))).toEqual([]);
  });

  it('passes the cdk-nag AwsSolutions checks, and would fail on a finding nobody acknowledged', () => {
    expect(() => synth().app.synth()).not.toThrow();
    const { app, built } = synth();
    new Bucket(built.functionStacks.at(-1)!, 'Unchecked');
    expect(() => app.synth()).toThrow(/AwsSolutions-S1|S3 Bucket has server access logs disabled/);
  });
});

/** CloudFront's managed policies, by the ids AWS gives them. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
/** The 4xx and 5xx answers CloudFront keeps for 10 seconds unless told otherwise. */
const ERRORS_CLOUDFRONT_CACHES = [400, 403, 404, 405, 414, 500, 501, 502, 503, 504];

let distribution: Json;

const resourceOf = (reference: Json) => resources[reference.Ref];
const behaviourFor = (path: string) =>
  (distribution.CacheBehaviors as Json[] | undefined)?.find((behaviour) => behaviour.PathPattern === path);

describe('the public page at the edge', () => {
  beforeAll(() => {
    const distributions = Object.values(template.findResources('AWS::CloudFront::Distribution')) as Json[];
    distribution = distributions[0]?.Properties.DistributionConfig;
  });

  it('puts one CloudFront distribution in front of the API, reaching it over TLS 1.2', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    expect(distribution.Origins).toHaveLength(1);
    const [origin] = distribution.Origins as Json[];
    expect(JSON.stringify(origin.DomainName)).toMatch(/"Fn::GetAtt":\["Api[0-9A-F]{8}","ApiEndpoint"\]/);
    expect(origin.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('checks every request at the edge against AWS managed rules and a rate per address, from us-east-1', () => {
    const firewall = Template.fromJSON(province.templates['Motcua-dong-nai-edge-firewall']!);
    const acls = Object.values(firewall.findResources('AWS::WAFv2::WebACL')) as Json[];
    expect(acls).toHaveLength(1);
    const acl = acls[0]!.Properties;
    expect(acl).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const rules = acl.Rules as Json[];
    expect(rules[0]).toMatchObject({
      Name: 'RatePerAddress',
      Statement: {
        RateBasedStatement: {
          Limit: loadProvince('dong-nai').edgeRatePerFiveMinutes,
          AggregateKeyType: 'IP',
        },
      },
      Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
    });
    expect(rules.slice(1).map((rule) => rule.Statement.ManagedRuleGroupStatement)).toEqual(
      MANAGED_RULE_GROUPS.map((Name) => ({ VendorName: 'AWS', Name })),
    );
    // Each rule counted, none only counting: the groups' own actions apply.
    expect(rules.slice(1).every((rule) => JSON.stringify(rule.OverrideAction) === '{"None":{}}')).toBe(true);
    expect(new Set(rules.map((rule) => rule.Priority)).size).toBe(rules.length);
    // The distribution names that web ACL, read across regions from the firewall's stack.
    expect(JSON.stringify(distribution.WebACLId)).toMatch(/ExportsReader.*EdgeFirewallArn/);
  });

  it('takes the rate per address and the way releases shift from the province file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-province-')), 'dong-nai.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...loadProvince('dong-nai'),
        edgeRatePerFiveMinutes: 300,
        apiDeployment: 'all-at-once',
      }),
    );
    const app = new App({ context: skipBundling, outdir: mkdtempSync(join(tmpdir(), 'motcua-cdk-')) });
    const { firewall, functionStacks } = buildApp(app, { province: 'dong-nai', provinceFile: file });
    Template.fromStack(firewall).hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { RateBasedStatement: { Limit: 300, AggregateKeyType: 'IP' } } }),
      ]),
    });
    // At once: the routes still call their aliases, and no deployment group shifts them.
    const staff = Template.fromStack(functionStacks.find((stack) => stack.stackName.endsWith('-staff'))!);
    staff.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 0);
    staff.resourceCountIs('AWS::CodeDeploy::Application', 0);
    expect(Object.keys(staff.findResources('AWS::Lambda::Alias')).length).toBeGreaterThan(0);
  });

  it('caches /cong-khai as long as its Cache-Control says, one copy per period and lang and nothing else', () => {
    const page = behaviourFor('/cong-khai');
    expect(page, 'a behaviour for /cong-khai').toBeDefined();
    expect(page).toMatchObject({
      AllowedMethods: ['GET', 'HEAD'],
      Compress: true,
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    // Nothing of the request but the cache key reaches the page.
    expect(page.OriginRequestPolicyId).toBeUndefined();
    const policy = resourceOf(page.CachePolicyId);
    expect(policy?.Type).toBe('AWS::CloudFront::CachePolicy');
    const config = policy.Properties.CachePolicyConfig;
    expect({ min: config.MinTTL, default: config.DefaultTTL, max: config.MaxTTL }).toEqual({
      min: 0,
      default: 60,
      max: 300,
    });
    const key = config.ParametersInCacheKeyAndForwardedToOrigin;
    expect(key.QueryStringsConfig.QueryStringBehavior).toBe('whitelist');
    expect([...key.QueryStringsConfig.QueryStrings].sort()).toEqual(['lang', 'period']);
    expect(key.HeadersConfig).toEqual({ HeaderBehavior: 'none' });
    expect(key.CookiesConfig).toEqual({ CookieBehavior: 'none' });
    expect(key).toMatchObject({ EnableAcceptEncodingGzip: true, EnableAcceptEncodingBrotli: true });
  });

  it('answers any other path 404 at the edge, before the API: the API is called at its own address', () => {
    expect(distribution.CacheBehaviors).toHaveLength(1);
    const fallback = distribution.DefaultCacheBehavior;
    expect(fallback).toMatchObject({ CachePolicyId: CACHING_DISABLED, ViewerProtocolPolicy: 'https-only' });
    expect(fallback.OriginRequestPolicyId).toBeUndefined();
    const [association] = fallback.FunctionAssociations as Json[];
    expect(association.EventType).toBe('viewer-request');
    const code = resources[association.FunctionARN['Fn::GetAtt'][0]].Properties.FunctionCode as string;
    // The function as CloudFront runs it: every request it sees is answered 404.
    const handler = new Function(`${code}; return handler;`)() as (event: Json) => Json;
    expect(handler({ request: { uri: '/lookup/x', method: 'GET' } })).toEqual({
      statusCode: 404,
      statusDescription: 'Not Found',
    });
  });

  it('keeps no error at the edge, and hands on the API’s own answer', () => {
    expect(distribution.CustomErrorResponses).toEqual(
      ERRORS_CLOUDFRONT_CACHES.map((code) => ({ ErrorCode: code, ErrorCachingMinTTL: 0 })),
    );
  });

  it('adds HSTS, no sniffing, no framing and no referrer where the API has not said otherwise', () => {
    const id = distribution.DefaultCacheBehavior.ResponseHeadersPolicyId;
    expect(behaviourFor('/cong-khai')?.ResponseHeadersPolicyId).toEqual(id);
    const headers = resourceOf(id).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers).toEqual({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, Override: false },
      ContentTypeOptions: { Override: false },
      FrameOptions: { FrameOption: 'DENY', Override: false },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: false },
    });
  });

  it('logs to the access logs bucket and gives its address as the stack output PublicUrl', () => {
    expect(distribution.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^AccessLogs[0-9A-F]{8}$/), 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
    template.hasOutput('PublicUrl', {
      Value: {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^EdgeDistribution'), 'DomainName'] }],
        ],
      },
    });
  });

  it('answers on a domain of the province’s own with TLS 1.2 at least, when given its certificate', () => {
    const stack = new Stack(new App(), 'Edge', { env: { region: 'ap-southeast-1' } });
    const certificateArn = 'arn:aws:acm:us-east-1:111111111111:certificate/abc';
    const edge = new PublicEdge(stack, 'Edge', {
      api: new HttpApi(stack, 'Api'),
      logs: new Bucket(stack, 'Logs', { objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED }),
      domain: { name: 'congkhai.dongnai.gov.vn', certificateArn },
    });
    expect(edge.url).toBe('https://congkhai.dongnai.gov.vn');
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['congkhai.dongnai.gov.vn'],
        ViewerCertificate: {
          AcmCertificateArn: certificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
  });
});
