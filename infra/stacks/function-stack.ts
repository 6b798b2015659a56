import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { type CfnElement, CustomResource, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LambdaApplication, LambdaDeploymentConfig, LambdaDeploymentGroup } from 'aws-cdk-lib/aws-codedeploy';
import { LambdaVersion, UserPoolOperation } from 'aws-cdk-lib/aws-cognito';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ManagedPolicy, Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias, FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { claimsOf, type Province } from '../../shared/config/province.ts';
import { ENV, environmentFor } from '../../shared/env.ts';
import { type FunctionSpec, signedScope, takesToken } from '../../shared/manifest-types.ts';
import { alarmOnAnyMessage } from '../constructs/alarms.ts';
import { bundlingDefines, MotcuaFunction } from '../constructs/motcua-function.ts';
import { dataKeyActions, grantsFor } from '../grants.ts';
import type { ApiStack } from './api-stack.ts';
import { type DataStack, pascal } from './data-stack.ts';
import { acknowledge, acknowledgeFunctionStack } from './nag.ts';

/** Requests a second (and bursts) of each kind of route, below the stage's 200 (400). */
export const ROUTE_THROTTLES = {
  /** Anyone's: the catalog, look-ups, the public page and answers. */
  public: { rateLimit: 50, burstLimit: 100 },
  /** The integrators': each integrator is held to its own rate as well. */
  signed: { rateLimit: 50, burstLimit: 100 },
} as const;

/** CodeDeploy's predefined ways to shift a route's traffic, by the province file's names. */
export const DEPLOYMENT_CONFIGS = {
  'canary-10-percent-5-minutes': LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
  'canary-10-percent-15-minutes': LambdaDeploymentConfig.CANARY_10PERCENT_15MINUTES,
  'linear-10-percent-every-minute': LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
  'linear-10-percent-every-3-minutes': LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_3MINUTES,
} as const;

export type RouteThrottle = { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };

/** What every stack of functions is built from. */
export interface FunctionSettings {
  province: Province;
  provinceFile: string;
  /** Overrides of the bundling options (tests skip the work with a no-op command hook). */
  bundling?: BundlingOptions;
}

/**
 * One function of the manifest in a stack: its environment and grants from what its entry
 * `uses`, in the one place that does both, so that permission and configuration cannot drift
 * apart. The keys let the province's roles use them; the role's own policy says how.
 */
export function deployFunction(
  scope: Stack,
  name: string,
  spec: FunctionSpec,
  data: DataStack,
  settings: FunctionSettings,
): MotcuaFunction {
  const { province } = settings;
  const fn = new MotcuaFunction(scope, pascal(name), {
    name,
    spec,
    environment: {
      [ENV.provinceId]: province.id,
      [ENV.provinceName]: province.name,
      [ENV.ratingChangeDays]: String(province.ratingChangeDays),
      [ENV.draftKeepDays]: String(province.draftKeepDays),
      [ENV.identityClaims]: JSON.stringify(claimsOf(province.oidc)),
      ...(province.tracing === 'sdk' ? { [ENV.sdkTracing]: 'true' } : {}),
    },
    bundling: {
      define: bundlingDefines(
        province.tracing === 'sdk',
        spec.http !== undefined && signedScope(spec.http.access) !== undefined,
      ),
      ...settings.bundling,
      ...filesBeside(spec, settings.provinceFile),
    },
    logGroup: data.functionLogs,
  });
  for (const [variable, value] of Object.entries(environmentFor(spec.uses, data.resourceVariables())))
    fn.addEnvironment(variable, value);
  for (const grant of grantsFor(spec.uses, data.targets())) fn.addToRolePolicy(new PolicyStatement(grant));
  const dataKeyUse = dataKeyActions(spec);
  if (dataKeyUse.length)
    fn.addToRolePolicy(new PolicyStatement({ actions: dataKeyUse, resources: [data.dataKey.keyArn] }));
  return fn;
}

/**
 * A trigger of the user pool, in the pool's own stack. Its access to the pool is a policy of
 * its own, so that the pool (which names the function) and the function's role do not depend
 * on each other.
 */
export function attachToUserPool(
  data: DataStack,
  name: string,
  spec: FunctionSpec,
  fn: MotcuaFunction,
): void {
  const pool = data.userPool!;
  if (spec.userPool!.trigger === 'preTokenGeneration')
    // Version 2 edits the access token too: with version 1 a staff group dropped from the ID
    // token stayed in the access token, which the API also takes.
    pool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn, LambdaVersion.V2_0);
  else pool.addTrigger(UserPoolOperation.POST_CONFIRMATION, fn);
  const actions =
    spec.uses.userPool === 'manageGroups'
      ? ['cognito-idp:AdminAddUserToGroup']
      : ['cognito-idp:AdminGetUser'];
  new Policy(data, `${pascal(name)}PoolAccess`, {
    roles: [fn.role!],
    statements: [new PolicyStatement({ actions, resources: [pool.userPoolArn] })],
  });
}

export interface FunctionStackProps extends StackProps {
  settings: FunctionSettings;
  data: DataStack;
  /** The API its routes join, when it holds routes. */
  api?: ApiStack;
  functions: readonly [string, FunctionSpec][];
}

/**
 * A stack of the manifest's functions with their triggers: routes on the API, queue and stream
 * consumers, schedules, the seed that runs on deploy. The province's functions are spread over
 * a few such stacks, each well under CloudFormation's 500 resources.
 */
export class FunctionStack extends Stack {
  readonly functions: Record<string, MotcuaFunction> = {};
  readonly schedules: Rule[] = [];
  /** The throttles of its routes, which the stage applies. */
  readonly routeThrottles: Record<string, RouteThrottle> = {};
  /** The functions behind routes: their failures are the API's 5xx. */
  readonly routeFunctions = new Set<string>();
  /** The functions that read the table's stream: how far behind they are is alarmed. */
  readonly streamFunctions = new Set<string>();
  /** Where a schedule's events go when its function cannot be invoked (one queue a stack). */
  private scheduleFailures?: Queue;
  /** The stack's CodeDeploy application and role, when its routes deploy gradually. */
  private releases?: { application: LambdaApplication; role: Role };
  private readonly props: FunctionStackProps;

  constructor(scope: Construct, id: string, props: FunctionStackProps) {
    super(scope, id, props);
    this.props = props;
    for (const [name, spec] of props.functions) {
      const fn = deployFunction(this, name, spec, props.data, props.settings);
      this.wire(name, spec, fn);
      this.functions[name] = fn;
    }
    acknowledgeFunctionStack(this, props.data);
  }

  private wire(name: string, spec: FunctionSpec, fn: MotcuaFunction): void {
    if (spec.http) this.route(name, spec.http, fn);
    if (spec.queue) {
      fn.addEventSource(
        new SqsEventSource(this.props.data.queues[spec.queue.queue]!, {
          batchSize: spec.queue.batchSize,
          maxConcurrency: spec.queue.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
    }
    if (spec.stream) {
      this.streamFunctions.add(name);
      fn.addEventSource(
        new DynamoEventSource(this.props.data.table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: spec.stream.batchSize,
          retryAttempts: spec.stream.retryAttempts,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(this.props.data.streamFailures),
          ...(spec.stream.entity ? { filters: [streamFilter(spec.stream)] } : {}),
        }),
      );
    }
    if (spec.schedule) {
      const rule = new Rule(this, `${pascal(name)}Schedule`, {
        schedule: Schedule.rate(Duration.minutes(spec.schedule.everyMinutes)),
        targets: [
          new LambdaFunction(fn, {
            retryAttempts: 2,
            maxEventAge: Duration.hours(1),
            deadLetterQueue: this.scheduleDeadLetters(),
          }),
        ],
      });
      this.schedules.push(rule);
    }
    if (spec.onDeploy) this.runOnDeploy(name, fn);
  }

  private route(name: string, route: NonNullable<FunctionSpec['http']>, fn: MotcuaFunction): void {
    const api = this.props.api;
    if (!api) throw new Error(`${name} has a route but its stack joins no API`);
    new HttpRoute(this, `${pascal(name)}Route`, {
      httpApi: api.api,
      routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
      integration: new HttpLambdaIntegration(`${pascal(name)}Integration`, this.live(name, fn, api)),
      ...(takesToken(route.access) ? { authorizer: api.authorizer } : {}),
    });
    this.routeFunctions.add(name);
    const kind = route.access === 'public' ? 'public' : signedScope(route.access) ? 'signed' : undefined;
    if (kind) {
      const { rateLimit, burstLimit } = ROUTE_THROTTLES[kind];
      this.routeThrottles[`${route.method} ${route.path}`] = {
        ThrottlingRateLimit: rateLimit,
        ThrottlingBurstLimit: burstLimit,
      };
    }
  }

  /**
   * The alias a route calls: each release a new version, to which CodeDeploy shifts the
   * route's traffic as the province file says, rolled back when the API's 5xx alarm goes off.
   */
  private live(name: string, fn: MotcuaFunction, api: ApiStack): Alias {
    const alias = new Alias(this, `${pascal(name)}Live`, { aliasName: 'live', version: fn.currentVersion });
    const how = this.props.settings.province.apiDeployment;
    if (how === 'all-at-once') return alias;
    new LambdaDeploymentGroup(this, `${pascal(name)}Release`, {
      ...this.releaseApplication(),
      alias,
      deploymentConfig: DEPLOYMENT_CONFIGS[how],
      alarms: [api.rollbackAlarm],
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
    return alias;
  }

  private releaseApplication(): { application: LambdaApplication; role: Role } {
    if (this.releases) return this.releases;
    // Named after the stack's group: the stacks' logical ids stay apart across the province.
    const group = pascal(this.stackName.split('-').pop()!);
    const role = new Role(this, `${group}ReleaseRole`, {
      assumedBy: new ServicePrincipal('codedeploy.amazonaws.com'),
      managedPolicies: [
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSCodeDeployRoleForLambdaLimited'),
      ],
    });
    acknowledge(
      role,
      'IAM4',
      "CodeDeploy's own policy for Lambda: it reads the alarms, moves the aliases and invokes hooks named CodeDeployHook_*, nothing else.",
      'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited',
    );
    this.releases = { application: new LambdaApplication(this, `${group}Releases`), role };
    return this.releases;
  }

  /** The stack's queue of schedule events that could not invoke their function, alarmed at once. */
  private scheduleDeadLetters(): Queue {
    if (this.scheduleFailures) return this.scheduleFailures;
    const { data } = this.props;
    this.scheduleFailures = new Queue(this, 'ScheduleFailures', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: data.dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.scheduleFailures,
      'SQS3',
      "This queue is itself a dead-letter place: the schedules' events that could not invoke their function.",
    );
    alarmOnAnyMessage(
      this,
      'ScheduleFailuresNotEmpty',
      this.scheduleFailures,
      'A schedule could not invoke its function: its events wait in the ScheduleFailures queue',
      data.alerts,
    );
    return this.scheduleFailures;
  }

  /** The seed: a custom resource that runs the function again whenever the province file changes. */
  private runOnDeploy(name: string, fn: MotcuaFunction): void {
    const { province, provinceFile } = this.props.settings;
    const provider = new Provider(this, `${pascal(name)}Provider`, {
      onEventHandler: fn,
      logGroup: new LogGroup(this, `${pascal(name)}ProviderLogs`, {
        retention: province.logRetentionDays as RetentionDays,
      }),
    });
    // A new hash on every config change makes CloudFormation run the seed again.
    new CustomResource(this, pascal(name.replace(/^seed/, '')), {
      serviceToken: provider.serviceToken,
      properties: { configHash: createHash('sha256').update(readFileSync(provinceFile)).digest('hex') },
    });
    acknowledge(
      provider,
      'IAM4',
      "CDK's custom resource framework runs a function of its own with Lambda's basic execution policy; the province's functions write only to their log group.",
      'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    );
    acknowledge(
      provider,
      'IAM5',
      'The custom resource framework may invoke every version of the seed function.',
      `Resource::<${this.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*`,
    );
  }
}

/**
 * The event source filter of a stream function: new items of its entity, or the items of its
 * entity the table's time to live removed (a REMOVE by the DynamoDB service itself).
 */
function streamFilter(trigger: NonNullable<FunctionSpec['stream']>) {
  const entities = typeof trigger.entity === 'string' ? [trigger.entity] : [...trigger.entity!];
  const entity = { entity: { S: FilterRule.or(...entities) } };
  if (trigger.change === 'expiry') {
    return FilterCriteria.filter({
      eventName: FilterRule.isEqual('REMOVE'),
      userIdentity: {
        type: FilterRule.isEqual('Service'),
        principalId: FilterRule.isEqual('dynamodb.amazonaws.com'),
      },
      dynamodb: { OldImage: entity },
    });
  }
  return FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: entity } });
}

/**
 * Files a function reads beside its bundle: the province file for the one deployed with it,
 * and the package files its manifest entry names in `assets`.
 */
function filesBeside(spec: FunctionSpec, provinceFile: string): BundlingOptions {
  const files = [
    ...(spec.onDeploy ? [[provinceFile, 'province.json']] : []),
    ...(spec.assets ?? []).map((asset) => [requireFromHere.resolve(asset), basename(asset)]),
  ];
  if (files.length === 0) return {};
  return {
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_input: string, output: string) =>
        files.map(([from, name]) => `cp "${from}" "${output}/${name}"`),
    },
  };
}

const requireFromHere = createRequire(import.meta.url);
