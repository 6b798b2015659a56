import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import {
  type CfnElement,
  CfnOutput,
  CustomResource,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  StringAttribute,
  UserPool,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import {
  AccountRootPrincipal,
  AnyPrincipal,
  Effect,
  Policy,
  PolicyDocument,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import type { Construct, IConstruct, IDependable } from 'constructs';
import { claimsOf, type Province } from '../shared/config/province.ts';
import type { ConnectorSettings } from '../shared/connectors/settings.ts';
import { TOKEN_ROLES } from '../shared/domain/roles.ts';
import { deadLettersEnvVar, ENV, environmentFor, queueEnvVar } from '../shared/env.ts';
import { type FunctionSpec, type Manifest, signedScope, takesToken } from '../shared/manifest-types.ts';
import {
  bucket as bucketDefinition,
  checkpointBucket,
  type QueueDefinition,
  queues as queueDefinitions,
  streamFailureQueue,
  table as tableDefinition,
} from '../shared/resources.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { bundlingDefines, MotcuaFunction } from './constructs/motcua-function.ts';
import { PublicEdge } from './constructs/public-edge.ts';
import { dataKeyActions, grantsFor, type Targets } from './grants.ts';

/** Requests a second (and bursts) of each kind of route, below the stage's 200 (400). */
export const ROUTE_THROTTLES = {
  /** Anyone's: the catalog, look-ups, the public page and answers. */
  public: { rateLimit: 50, burstLimit: 100 },
  /** The integrators': each integrator is held to its own rate as well. */
  signed: { rateLimit: 50, burstLimit: 100 },
} as const;

export interface ProvinceStackProps extends StackProps {
  province: Province;
  provinceFile: string;
  manifest: Manifest;
  /** Overrides of the bundling options (tests skip the work with a no-op command hook). */
  bundling?: BundlingOptions;
}

/** Every role a token can carry is a group of the pool; the staff ones need a second factor. */
const ROLE_GROUPS = TOKEN_ROLES;

/** One province's deployment: everything in it is derived from the manifest and the shared definitions. */
export class ProvinceStack extends Stack {
  readonly table: Table;
  readonly bucket: Bucket;
  readonly checkpoints: Bucket;
  readonly queues: Record<string, Queue> = {};
  readonly deadLetterQueues: Record<string, Queue> = {};
  readonly api: HttpApi;
  private stage!: HttpStage;
  /** CloudFront in front of the API: the public page cached at the edge. */
  readonly edge: PublicEdge;
  readonly receiptKey: Key;
  readonly dataKey: Key;
  /** The province's own user pool, when it signs in with Cognito. */
  userPool?: UserPool;
  readonly functions: Record<string, MotcuaFunction> = {};
  private readonly schedules: Rule[] = [];
  private monitoring!: Monitoring;
  private userPoolClientId?: string;
  /** The OpenID issuer whose tokens the API takes. */
  private issuer = '';
  private accessLogs!: Bucket;
  private readonly notifyFrom: string;
  private readonly connectors: Province['connectors'];
  /** Where alarms go; operators subscribe to it. */
  readonly alerts: Topic;

  constructor(scope: Construct, id: string, props: ProvinceStackProps) {
    super(scope, id, props);
    this.notifyFrom = props.province.notifyFromEmail ?? `no-reply@${props.province.id}.motcua.vn`;
    this.connectors = props.province.connectors;
    const key = new Key(this, 'DataKey', {
      enableKeyRotation: true,
      description: `motcua ${props.province.id}: table, queues, files and checkpoints`,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: this.keyAdministration(),
    });
    // The operators' tools (DLQ listing and redrive) read and move messages through SQS only.
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'QueuesThroughSqs',
        principals: [new AccountRootPrincipal()],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${this.region}.amazonaws.com` } },
      }),
    );
    // CloudWatch alarms publish to the operators' encrypted topic.
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AlarmsToTheTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    this.dataKey = key;
    this.table = this.createTable(key);
    this.bucket = this.createBucket(key, props.province.webOrigins);
    this.checkpoints = this.createCheckpointBucket(key);
    this.receiptKey = new Key(this, 'ReceiptSigningKey', {
      description: `motcua ${props.province.id}: signs proofs of submission, hop receipts and checkpoints (Ed25519)`,
      keySpec: KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: this.keyAdministration(),
    });
    this.protectQuarantine();
    this.alerts = new Topic(this, 'OperatorAlerts', {
      displayName: `motcua ${props.province.id} alerts`,
      masterKey: key,
      enforceSSL: true,
    });
    for (const [name, definition] of Object.entries(queueDefinitions)) {
      this.queues[name] = this.createQueue(name, definition, key);
    }
    const streamFailures = this.createQueue('StreamFailures', streamFailureQueue, key);
    this.alarmOnMessages(
      'StreamFailuresNotEmpty',
      streamFailures,
      'Stream records a function gave up on (npm run dlq -- list stream-failures)',
    );
    const authorizer = this.createAuthorizer(props.province);
    this.api = this.createApi();
    this.edge = this.createEdge();

    const functionLogs = new LogGroup(this, 'FunctionLogs', {
      retention: props.province.logRetentionDays as RetentionDays,
    });
    for (const [name, spec] of Object.entries(props.manifest)) {
      // The user pool's triggers exist only where the province signs in with its own pool.
      if (spec.localOnly || (spec.userPool && !this.userPool)) continue;
      const fn = new MotcuaFunction(this, pascal(name), {
        name,
        spec,
        environment: {
          [ENV.provinceId]: props.province.id,
          [ENV.provinceName]: props.province.name,
          [ENV.ratingChangeDays]: String(props.province.ratingChangeDays),
          [ENV.identityClaims]: JSON.stringify(claimsOf(props.province.oidc)),
          ...(props.province.tracing === 'sdk' ? { [ENV.sdkTracing]: 'true' } : {}),
        },
        bundling: {
          define: bundlingDefines(
            props.province.tracing === 'sdk',
            spec.http !== undefined && signedScope(spec.http.access) !== undefined,
          ),
          ...props.bundling,
          ...filesBeside(spec, props.provinceFile),
        },
        logGroup: functionLogs,
      });
      this.grant(fn, spec);
      this.wire(name, spec, fn, {
        authorizer,
        streamFailures,
        provinceFile: props.provinceFile,
        logRetention: props.province.logRetentionDays as RetentionDays,
      });
      this.functions[name] = fn;
    }
    this.applyRouteThrottles();
    this.monitoring = new Monitoring(this, 'Monitoring', {
      province: props.province.id,
      api: this.api,
      table: this.table,
      functions: this.functions,
      httpFunctions: new Set(
        Object.entries(props.manifest)
          .filter(([, spec]) => spec.http)
          .map(([name]) => name),
      ),
      schedules: this.schedules,
      alerts: this.alerts,
    });
    this.outputs();
    this.acknowledgeStackWide();
  }

  /** What the operator needs after a deploy; `npm run deploy` prints it as next steps. */
  private outputs(): void {
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'PublicUrl', { value: this.edge.url });
    new CfnOutput(this, 'Issuer', { value: this.issuer });
    new CfnOutput(this, 'AlertsTopicArn', { value: this.alerts.topicArn });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${this.monitoring.dashboard.dashboardName}`,
    });
    if (this.userPool) {
      new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClientId! });
    }
  }

  /**
   * The one place that grants a function what its manifest entry `uses` and names each
   * resource in its environment, so that permission and configuration cannot drift apart.
   * The keys' own policies name the function too: a key is used only by whom it names.
   */
  private grant(fn: MotcuaFunction, spec: FunctionSpec): void {
    for (const [name, value] of Object.entries(environmentFor(spec.uses, this.resourceVariables())))
      fn.addEnvironment(name, value);
    for (const grant of grantsFor(spec.uses, this.targets())) {
      fn.addToRolePolicy(new PolicyStatement(grant));
    }
    const role = fn.role!;
    const dataKeyUse = dataKeyActions(spec);
    if (dataKeyUse.length) {
      fn.addToRolePolicy(new PolicyStatement({ actions: dataKeyUse, resources: [this.dataKey.keyArn] }));
      this.dataKey.addToResourcePolicy(
        new PolicyStatement({ principals: [role], actions: dataKeyUse, resources: ['*'] }),
      );
    }
    if (spec.uses.signingKey) {
      const actions =
        spec.uses.signingKey === 'sign' ? ['kms:GetPublicKey', 'kms:Sign'] : ['kms:GetPublicKey'];
      this.receiptKey.addToResourcePolicy(
        new PolicyStatement({ principals: [role], actions, resources: ['*'] }),
      );
    }
  }

  /** The ARNs the grants point at. */
  private targets(): Targets {
    const domain = this.notifyFrom.split('@')[1]!;
    const identity = (name: string) =>
      this.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    return {
      table: this.table.tableArn,
      files: this.bucket.bucketArn,
      checkpoints: this.checkpoints.bucketArn,
      dataKey: this.dataKey.keyArn,
      receiptKey: this.receiptKey.keyArn,
      queue: (name) => this.queues[name]!.queueArn,
      deadLetters: (name) => this.deadLetterQueues[name]!.queueArn,
      emailIdentities: [identity(domain), identity(this.notifyFrom)],
    };
  }

  /**
   * A key policy that lets the account administer the key (through IAM) but not use it:
   * using it takes a statement naming the user.
   */
  private keyAdministration(): PolicyDocument {
    return new PolicyDocument({
      statements: [
        new PolicyStatement({
          sid: 'Administration',
          principals: [new AccountRootPrincipal()],
          actions: [
            'kms:Create*',
            'kms:Describe*',
            'kms:Enable*',
            'kms:List*',
            'kms:Put*',
            'kms:Update*',
            'kms:Revoke*',
            'kms:Disable*',
            'kms:Get*',
            'kms:Delete*',
            'kms:TagResource',
            'kms:UntagResource',
            'kms:ScheduleKeyDeletion',
            'kms:CancelKeyDeletion',
            'kms:RotateKeyOnDemand',
          ],
          resources: ['*'],
        }),
      ],
    });
  }

  /** Every resource variable of this deployment, as a function that uses the resource sees it. */
  private resourceVariables(): Record<string, string> {
    return {
      [ENV.table]: this.table.tableName,
      [ENV.bucket]: this.bucket.bucketName,
      [ENV.checkpointBucket]: this.checkpoints.bucketName,
      // GuardDuty Malware Protection tags each object scanned under the quarantine prefix.
      [ENV.malwareScanner]: 'guardduty',
      [ENV.receiptSigner]: 'kms',
      [ENV.receiptKeyId]: this.receiptKey.keyId,
      [ENV.secretsSealer]: 'kms',
      [ENV.secretsKeyId]: this.dataKey.keyId,
      [ENV.notifyTransport]: 'aws',
      [ENV.notifyFromEmail]: this.notifyFrom,
      [ENV.connectors]: JSON.stringify({
        allowLoopback: false,
        retryScale: 1,
        ...this.connectors,
      } satisfies ConnectorSettings),
      ...Object.fromEntries(
        Object.entries(this.queues).map(([name, queue]) => [queueEnvVar(name), queue.queueUrl]),
      ),
      ...Object.fromEntries(
        Object.entries(this.deadLetterQueues).map(([name, queue]) => [
          deadLettersEnvVar(name),
          queue.queueUrl,
        ]),
      ),
    };
  }

  /**
   * Route-level throttles of the stage: public routes (anyone may call them) and the
   * integrators' signed routes each have their own, below the stage's, so that a flood on one
   * kind leaves the others their share. Each integrator is further held to its own rate
   * (`requestsPerMinute` in the registry, checked by the signed-request middleware).
   */
  private readonly routeThrottles: Record<
    string,
    { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
  > = {};
  private readonly throttledRoutes: IDependable[] = [];

  private wire(
    name: string,
    spec: FunctionSpec,
    fn: MotcuaFunction,
    context: {
      authorizer: IHttpRouteAuthorizer;
      streamFailures: Queue;
      provinceFile: string;
      logRetention: RetentionDays;
    },
  ): void {
    if (spec.http) {
      const route = spec.http;
      const added = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascal(name)}Integration`, fn),
        ...(takesToken(route.access) ? { authorizer: context.authorizer } : {}),
      });
      const kind = route.access === 'public' ? 'public' : signedScope(route.access) ? 'signed' : undefined;
      if (kind) {
        const { rateLimit, burstLimit } = ROUTE_THROTTLES[kind];
        this.routeThrottles[`${route.method} ${route.path}`] = {
          ThrottlingRateLimit: rateLimit,
          ThrottlingBurstLimit: burstLimit,
        };
        this.throttledRoutes.push(...added);
      }
    }
    if (spec.queue) {
      fn.addEventSource(
        new SqsEventSource(this.queues[spec.queue.queue]!, {
          batchSize: spec.queue.batchSize,
          maxConcurrency: spec.queue.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
    }
    if (spec.stream) {
      fn.addEventSource(
        new DynamoEventSource(this.table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: spec.stream.batchSize,
          retryAttempts: spec.stream.retryAttempts,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(context.streamFailures),
          ...(spec.stream.entity ? { filters: [streamFilter(spec.stream)] } : {}),
        }),
      );
    }
    if (spec.userPool) this.attachToUserPool(name, spec, fn);
    if (spec.schedule) {
      const rule = new Rule(this, `${pascal(name)}Schedule`, {
        schedule: Schedule.rate(Duration.minutes(spec.schedule.everyMinutes)),
        targets: [new LambdaFunction(fn, { retryAttempts: 2 })],
      });
      this.schedules.push(rule);
    }
    if (spec.onDeploy) {
      const provider = new Provider(this, `${pascal(name)}Provider`, {
        onEventHandler: fn,
        logGroup: new LogGroup(this, `${pascal(name)}ProviderLogs`, {
          retention: context.logRetention,
        }),
      });
      // A new hash on every config change makes CloudFormation run the seed again.
      new CustomResource(this, pascal(name.replace(/^seed/, '')), {
        serviceToken: provider.serviceToken,
        properties: {
          configHash: createHash('sha256').update(readFileSync(context.provinceFile)).digest('hex'),
        },
      });
      acknowledge(
        provider,
        'IAM5',
        'The custom resource framework may invoke every version of the seed function.',
        `Resource::<${this.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*`,
      );
    }
  }

  /**
   * A trigger of the user pool. Its access to the pool is a policy of its own, so that the
   * pool (which names the function) and the function's role do not depend on each other.
   */
  private attachToUserPool(name: string, spec: FunctionSpec, fn: MotcuaFunction): void {
    const pool = this.userPool!;
    if (spec.userPool!.trigger === 'preTokenGeneration')
      // Version 2 edits the access token too: with version 1 a staff group dropped from the ID
      // token stayed in the access token, which the API also takes.
      pool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn, LambdaVersion.V2_0);
    else pool.addTrigger(UserPoolOperation.POST_CONFIRMATION, fn);
    const actions =
      spec.uses.userPool === 'manageGroups'
        ? ['cognito-idp:AdminAddUserToGroup']
        : ['cognito-idp:AdminGetUser'];
    new Policy(this, `${pascal(name)}PoolAccess`, {
      roles: [fn.role!],
      statements: [new PolicyStatement({ actions, resources: [pool.userPoolArn] })],
    });
  }

  private createTable(key: Key): Table {
    const table = new Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableDefinition.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        ...(index.include.length
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.include] }
          : { projectionType: ProjectionType.KEYS_ONLY }),
      });
    }
    return table;
  }

  private createBucket(key: Key, webOrigins: readonly string[]): Bucket {
    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      accessLogs,
      'S1',
      'This bucket receives the access logs of the other buckets and of the distribution; logging it would loop.',
    );
    this.accessLogs = accessLogs;
    return new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'files/',
      // Browsers of the province's own portals post files straight here, and nothing else.
      ...(webOrigins.length
        ? {
            cors: [
              {
                allowedMethods: [HttpMethods.POST],
                allowedOrigins: [...webOrigins],
                allowedHeaders: [...bucketDefinition.cors.allowedHeaders],
                maxAge: bucketDefinition.cors.maxAgeSeconds,
              },
            ],
          }
        : {}),
      lifecycleRules: [
        { prefix: bucketDefinition.quarantinePrefix, expiration: Duration.days(1) },
        { noncurrentVersionExpiration: Duration.days(90) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * The history checkpoints: Object Lock in governance mode with a default retention, so that
   * every version written stays as written; functions may add, never delete or bypass.
   */
  private createCheckpointBucket(key: Key): Bucket {
    const bucket = new Bucket(this, 'Checkpoints', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.governance(
        Duration.days(checkpointBucket.retentionDays),
      ),
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'checkpoints/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Whoever writes: only to a key that does not exist yet, so that the version every reader
    // gets is the first one written.
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'NewObjectsOnly',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects('*')],
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
    return bucket;
  }

  /**
   * GuardDuty Malware Protection for S3 scans every object written under the quarantine
   * prefix and tags it with the verdict, which the verification step reads.
   */
  private protectQuarantine(): void {
    const role = new Role(this, 'MalwareProtectionRole', {
      assumedBy: new ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
    });
    const managedRules = this.formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: 'DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*',
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          'events:PutRule',
          'events:DeleteRule',
          'events:PutTargets',
          'events:RemoveTargets',
          'events:DescribeRule',
          'events:ListTargetsByRule',
        ],
        resources: [managedRules],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          's3:GetObject',
          's3:GetObjectVersion',
          's3:GetObjectTagging',
          's3:GetObjectVersionTagging',
          's3:PutObjectTagging',
          's3:PutObjectVersionTagging',
          's3:PutObject',
        ],
        resources: [
          this.bucket.arnForObjects(`${bucketDefinition.quarantinePrefix}*`),
          this.bucket.arnForObjects('malware-protection-resource-validation-object'),
        ],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          's3:ListBucket',
          's3:GetBucketNotification',
          's3:PutBucketNotification',
          's3:GetBucketLocation',
        ],
        resources: [this.bucket.bucketArn],
      }),
    );
    // The files are encrypted with the data key: GuardDuty reads them with its role.
    role.addToPolicy(new PolicyStatement({ actions: ['kms:Decrypt'], resources: [this.dataKey.keyArn] }));
    this.dataKey.addToResourcePolicy(
      new PolicyStatement({ principals: [role], actions: ['kms:Decrypt'], resources: ['*'] }),
    );
    new CfnMalwareProtectionPlan(this, 'MalwareProtection', {
      role: role.roleArn,
      protectedResource: {
        s3Bucket: { bucketName: this.bucket.bucketName, objectPrefixes: [bucketDefinition.quarantinePrefix] },
      },
      actions: { tagging: { status: 'ENABLED' } },
    });
    const why =
      'GuardDuty manages its own EventBridge rules by that name prefix, and scans every object of the quarantine prefix.';
    const files = `<${this.getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>`;
    acknowledge(
      role,
      'IAM5',
      why,
      `Resource::arn:<AWS::Partition>:events:${this.region}:<AWS::AccountId>:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*`,
    );
    acknowledge(role, 'IAM5', why, `Resource::${files}/${bucketDefinition.quarantinePrefix}*`);
  }

  private createQueue(name: string, definition: QueueDefinition, key: Key): Queue {
    const common = {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      ...(definition.fifo ? { fifo: true } : {}),
    };
    const deadLetters = new Queue(this, `${pascal(name)}Dlq`, {
      ...common,
      retentionPeriod: Duration.days(14),
    });
    const queue = new Queue(this, pascal(name), {
      ...common,
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(definition.retentionDays),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: definition.maxReceiveCount },
    });
    this.alarmOnMessages(
      `${pascal(name)}DlqNotEmpty`,
      deadLetters,
      `${definition.name}: messages in the DLQ (npm run dlq -- list ${definition.name})`,
    );
    this.deadLetterQueues[name] = deadLetters;
    // The dlq command finds both queues by these outputs.
    new CfnOutput(this, `${pascal(name)}QueueUrl`, { value: queue.queueUrl });
    new CfnOutput(this, `${pascal(name)}DlqUrl`, { value: deadLetters.queueUrl });
    return queue;
  }

  /** Anything waiting in a dead-letter place is someone's work left undone: alarm at once. */
  private alarmOnMessages(id: string, queue: Queue, description: string): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.alerts));
  }

  private createAuthorizer(province: Province): IHttpRouteAuthorizer {
    if (province.oidc.provider === 'external') {
      this.issuer = province.oidc.issuer;
      return new HttpJwtAuthorizer('JwtAuthorizer', province.oidc.issuer, {
        jwtAudience: province.oidc.audience,
      });
    }
    const pool = new UserPool(this, 'Users', {
      // Essentials: the tier that lets the token trigger edit access tokens.
      featurePlan: FeaturePlan.ESSENTIALS,
      selfSignUpEnabled: true,
      signInAliases: { email: true, phone: true },
      // Offered to everyone; the token trigger gives officer and admin groups only to accounts
      // that set it up, which the pool then asks for at every sign-in.
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Set by administrators only: the officer's unit and the identity verified at the desk.
      customAttributes: {
        unit: new StringAttribute({ minLen: 13, maxLen: 13, mutable: true }),
        id_number: new StringAttribute({ minLen: 12, maxLen: 12, mutable: true }),
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of ROLE_GROUPS) {
      new CfnUserPoolGroup(this, `${pascal(group)}Group`, { userPoolId: pool.userPoolId, groupName: group });
    }
    const client = pool.addClient('ApiClient', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      // What a user may change of themself: contacts, never their unit, identity or name.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, phoneNumber: true }),
    });
    this.userPool = pool;
    acknowledge(
      pool,
      'COG2',
      'MFA is optional for citizens (VNeID signs them in in production); officers, leaders and admins get their groups, in ID and access tokens alike, only with MFA set up (pre token generation trigger, version 2).',
    );
    acknowledge(pool, 'COG3', 'Threat protection (Plus plan) is a cost each province decides on.');
    acknowledge(pool, 'COG8', 'The Plus feature plan is a cost each province decides on.');
    this.issuer = `https://cognito-idp.${this.region}.amazonaws.com/${pool.userPoolId}`;
    this.userPoolClientId = client.userPoolClientId;
    return new HttpJwtAuthorizer('JwtAuthorizer', this.issuer, { jwtAudience: [client.userPoolClientId] });
  }

  /** The routes' own throttles, on the stage, which must come after the routes it names. */
  private applyRouteThrottles(): void {
    (this.stage.node.defaultChild as CfnStage).routeSettings = this.routeThrottles;
    for (const route of this.throttledRoutes) this.stage.node.addDependency(route);
  }

  private createApi(): HttpApi {
    const api = new HttpApi(this, 'Api', {
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'accept-language'],
      },
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });
    return api;
  }

  /** The public page cached briefly at CloudFront's edge; every other request passed through. */
  private createEdge(): PublicEdge {
    const edge = new PublicEdge(this, 'Edge', { api: this.api, logs: this.accessLogs });
    acknowledge(
      edge.distribution,
      'CFR1',
      "The public page and the API serve the province's citizens wherever they are, abroad included: no country is refused.",
    );
    acknowledge(
      edge.distribution,
      'CFR2',
      "No AWS WAF web ACL, as for the API behind it: a monthly cost each province decides on. The API stage's throttle bounds what reaches the functions, and cached pages do not reach them.",
    );
    acknowledge(
      edge.distribution,
      'CFR4',
      'The distribution answers on its cloudfront.net name, whose default certificate CloudFront serves with a TLSv1 minimum no setting raises; with a domain and certificate of its own the minimum is TLS 1.2.',
    );
    return edge;
  }

  /**
   * The findings accepted for the whole stack, each with its reason. Which statements may
   * use `*` is checked statement by statement in the infra tests, not only here.
   */
  private acknowledgeStackWide(): void {
    const arn = (construct: Bucket) =>
      `<${this.getLogicalId(construct.node.defaultChild as CfnElement)}.Arn>`;
    const why = {
      basicRole: 'Functions use AWSLambdaBasicExecutionRole for their own log streams only.',
      star: 'Only actions with no resource-level permission: X-Ray segments (active tracing), SNS SMS to phone numbers, and DynamoDB ListStreams (stream event sources).',
      kms: "The on-failure queue of the stream functions is granted by CDK's event source with these KMS action groups; the key is this stack's own and names its users.",
      public:
        'Routes marked public in the manifest (health, catalog, OpenAPI, look-up) need no sign-in by design.',
      objects:
        'Object keys are unguessable ids under their prefix; functions are granted a prefix, not the bucket.',
      checkpoints:
        'The checkpointer adds checkpoints and their index under these prefixes; Object Lock keeps each as written.',
    };
    acknowledge(
      this,
      'IAM4',
      why.basicRole,
      'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    );
    acknowledge(this, 'IAM5', why.star, 'Resource::*');
    acknowledge(this, 'IAM5', why.kms, 'Action::kms:ReEncrypt*');
    acknowledge(this, 'IAM5', why.kms, 'Action::kms:GenerateDataKey*');
    acknowledge(this, 'APIG4', why.public);
    for (const prefix of [bucketDefinition.quarantinePrefix, bucketDefinition.cleanPrefix])
      acknowledge(this, 'IAM5', why.objects, `Resource::${arn(this.bucket)}/${prefix}*`);
    for (const prefix of ['checkpoints/', 'heads/'])
      acknowledge(this, 'IAM5', why.checkpoints, `Resource::${arn(this.checkpoints)}/${prefix}*`);
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

/** A cdk-nag AwsSolutions finding accepted on a construct, always with its reason. */
function acknowledge(scope: IConstruct, rule: string, reason: string, finding?: string): void {
  Validations.of(scope).acknowledge({
    id: `AwsSolutions::AwsSolutions-${rule}${finding ? `[${finding}]` : ''}`,
    reason,
  });
}

/** The seed function carries the province config in its bundle as `province.json`. */
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

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
