import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
import { AccountRecovery, CfnUserPoolGroup, StringAttribute, UserPool } from 'aws-cdk-lib/aws-cognito';
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
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
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
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import type { Construct, IConstruct } from 'constructs';
import { claimsOf, type Province } from '../shared/config/province.ts';
import { deadLettersEnvVar, ENV, environmentFor, queueEnvVar } from '../shared/env.ts';
import type { FunctionSpec, Manifest, ResourceUse } from '../shared/manifest-types.ts';
import {
  bucket as bucketDefinition,
  type QueueDefinition,
  queues as queueDefinitions,
  streamFailureQueue,
  table as tableDefinition,
} from '../shared/resources.ts';
import { MotcuaFunction } from './constructs/motcua-function.ts';
import { tableStatements } from './table-access.ts';

export interface ProvinceStackProps extends StackProps {
  province: Province;
  provinceFile: string;
  manifest: Manifest;
  /** Overrides of the bundling options (tests skip the work with a no-op command hook). */
  bundling?: BundlingOptions;
}

const ROLE_GROUPS = ['citizen', 'officer', 'admin'] as const;

/** One province's deployment: everything in it is derived from the manifest and the shared definitions. */
export class ProvinceStack extends Stack {
  readonly table: Table;
  readonly bucket: Bucket;
  readonly queues: Record<string, Queue> = {};
  readonly deadLetterQueues: Record<string, Queue> = {};
  readonly api: HttpApi;
  readonly receiptKey: Key;
  readonly dataKey: Key;
  private readonly notifyFrom: string;
  /** Where alarms go; operators subscribe to it. */
  readonly alerts: Topic;

  constructor(scope: Construct, id: string, props: ProvinceStackProps) {
    super(scope, id, props);
    this.notifyFrom = props.province.notifyFromEmail ?? `no-reply@${props.province.id}.motcua.vn`;
    const key = new Key(this, 'DataKey', {
      enableKeyRotation: true,
      description: `motcua ${props.province.id}: table and queues`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.dataKey = key;
    this.table = this.createTable(key);
    this.bucket = this.createBucket();
    this.receiptKey = new Key(this, 'ReceiptSigningKey', {
      description: `motcua ${props.province.id}: signs proofs of submission (Ed25519)`,
      keySpec: KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
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

    for (const [name, spec] of Object.entries(props.manifest)) {
      if (spec.localOnly) continue;
      const fn = new MotcuaFunction(this, pascal(name), {
        name,
        spec,
        environment: {
          [ENV.provinceId]: props.province.id,
          [ENV.identityClaims]: JSON.stringify(claimsOf(props.province.oidc)),
        },
        bundling: { ...props.bundling, ...(spec.onDeploy ? provinceConfigHook(props.provinceFile) : {}) },
      });
      this.grant(fn, spec.uses);
      this.wire(name, spec, fn, { authorizer, streamFailures, provinceFile: props.provinceFile });
    }
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    this.acknowledgeStackWide();
  }

  /**
   * The one place that grants a function what its manifest entry `uses` and names each
   * resource in its environment, so that permission and configuration cannot drift apart.
   */
  private grant(fn: MotcuaFunction, uses: ResourceUse): void {
    for (const [name, value] of Object.entries(environmentFor(uses, this.resourceVariables())))
      fn.addEnvironment(name, value);
    if (uses.table) {
      for (const statement of tableStatements(uses.table)) {
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: [...statement.actions],
            resources: [
              statement.on === 'table' ? this.table.tableArn : `${this.table.tableArn}/index/${statement.on}`,
            ],
            ...(statement.leadingKeys
              ? {
                  conditions: {
                    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': statement.leadingKeys },
                  },
                }
              : {}),
          }),
        );
      }
      this.dataKey.grant(fn, 'kms:Decrypt', 'kms:DescribeKey');
      if (uses.table.write?.length) this.dataKey.grant(fn, 'kms:Encrypt', 'kms:GenerateDataKey');
    }
    if (uses.bucket) {
      if (uses.bucket === 'read') this.bucket.grantRead(fn);
      else this.bucket.grantReadWrite(fn);
    }
    if (uses.notifies) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail', 'sns:Publish'],
          resources: ['*'],
        }),
      );
    }
    if (uses.signingKey) {
      if (uses.signingKey === 'sign') this.receiptKey.grant(fn, 'kms:Sign', 'kms:GetPublicKey');
      else this.receiptKey.grant(fn, 'kms:GetPublicKey');
    }
    for (const queueName of uses.sendsTo ?? []) this.queues[queueName]!.grantSendMessages(fn);
    for (const queueName of uses.deadLettersOf ?? []) this.deadLetterQueues[queueName]!.grantSendMessages(fn);
  }

  /** Every resource variable of this deployment, as a function that uses the resource sees it. */
  private resourceVariables(): Record<string, string> {
    return {
      [ENV.table]: this.table.tableName,
      [ENV.bucket]: this.bucket.bucketName,
      // GuardDuty Malware Protection tags each object scanned under the quarantine prefix.
      [ENV.malwareScanner]: 'guardduty',
      [ENV.receiptSigner]: 'kms',
      [ENV.receiptKeyId]: this.receiptKey.keyId,
      [ENV.notifyTransport]: 'aws',
      [ENV.notifyFromEmail]: this.notifyFrom,
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

  private wire(
    name: string,
    spec: FunctionSpec,
    fn: MotcuaFunction,
    context: { authorizer: IHttpRouteAuthorizer; streamFailures: Queue; provinceFile: string },
  ): void {
    if (spec.http) {
      const route = spec.http;
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascal(name)}Integration`, fn),
        ...(route.access === 'public' ? {} : { authorizer: context.authorizer }),
      });
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
          ...(spec.stream.entity
            ? {
                filters: [
                  FilterCriteria.filter({
                    eventName: FilterRule.isEqual('INSERT'),
                    dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(spec.stream.entity) } } },
                  }),
                ],
              }
            : {}),
        }),
      );
    }
    if (spec.schedule) {
      new Rule(this, `${pascal(name)}Schedule`, {
        schedule: Schedule.rate(Duration.minutes(spec.schedule.everyMinutes)),
        targets: [new LambdaFunction(fn, { retryAttempts: 2 })],
      });
    }
    if (spec.onDeploy) {
      const provider = new Provider(this, `${pascal(name)}Provider`, {
        onEventHandler: fn,
        logGroup: new LogGroup(this, `${pascal(name)}ProviderLogs`, {
          retention: RetentionDays.THREE_MONTHS,
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

  private createBucket(): Bucket {
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
      'This bucket receives the access logs of the files bucket; logging it would loop.',
    );
    return new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'files/',
      cors: [
        {
          allowedMethods: bucketDefinition.cors.allowedMethods.map((method) => HttpMethods[method]),
          allowedOrigins: ['*'],
          allowedHeaders: [...bucketDefinition.cors.allowedHeaders],
          maxAge: bucketDefinition.cors.maxAgeSeconds,
        },
      ],
      lifecycleRules: [
        { prefix: bucketDefinition.quarantinePrefix, expiration: Duration.days(1) },
        { noncurrentVersionExpiration: Duration.days(90) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
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
      return new HttpJwtAuthorizer('JwtAuthorizer', province.oidc.issuer, {
        jwtAudience: province.oidc.audience,
      });
    }
    const pool = new UserPool(this, 'Users', {
      selfSignUpEnabled: true,
      signInAliases: { email: true, phone: true },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: { unit: new StringAttribute({ minLen: 13, maxLen: 13, mutable: true }) },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of ROLE_GROUPS) {
      new CfnUserPoolGroup(this, `${pascal(group)}Group`, { userPoolId: pool.userPoolId, groupName: group });
    }
    const client = pool.addClient('ApiClient', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
    });
    acknowledge(pool, 'COG2', 'Citizens sign in with VNeID in production; MFA is left to that issuer.');
    acknowledge(pool, 'COG3', 'Threat protection (Plus plan) is a cost each province decides on.');
    acknowledge(pool, 'COG8', 'The Plus feature plan is a cost each province decides on.');
    return new HttpJwtAuthorizer(
      'JwtAuthorizer',
      `https://cognito-idp.${this.region}.amazonaws.com/${pool.userPoolId}`,
      { jwtAudience: [client.userPoolClientId] },
    );
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
    new HttpStage(this, 'DefaultStage', {
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

  private acknowledgeStackWide(): void {
    const table = `<${this.getLogicalId(this.table.node.defaultChild as CfnElement)}.Arn>`;
    const why = {
      basicRole: 'Functions use AWSLambdaBasicExecutionRole for their own log streams only.',
      xray: 'X-Ray segment actions have no resource-level permissions (active tracing); SES sending identities and SNS SMS destinations are chosen per message and take no narrower resource.',
      indexes: "A table grant covers that table's own indexes, which the access patterns query.",
      kms: "CDK's grants on the table and queue key name these KMS action groups; the key is this stack's own.",
      public:
        'Routes marked public in the manifest (health, catalog, OpenAPI, look-up) need no sign-in by design.',
      objects:
        "Functions that handle files read and write the objects of the one files bucket (CDK's grant action groups); keys are unguessable ids.",
    };
    acknowledge(
      this,
      'IAM4',
      why.basicRole,
      'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    );
    acknowledge(this, 'IAM5', why.xray, 'Resource::*');
    acknowledge(this, 'IAM5', why.indexes, `Resource::${table}/index/*`);
    acknowledge(this, 'IAM5', why.kms, 'Action::kms:ReEncrypt*');
    acknowledge(this, 'IAM5', why.kms, 'Action::kms:GenerateDataKey*');
    acknowledge(this, 'APIG4', why.public);
    const files = `<${this.getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>`;
    acknowledge(this, 'IAM5', why.objects, `Resource::${files}/*`);
    for (const group of ['Abort*', 'DeleteObject*', 'GetBucket*', 'GetObject*', 'List*']) {
      acknowledge(this, 'IAM5', why.objects, `Action::s3:${group}`);
    }
  }
}

/** A cdk-nag AwsSolutions finding accepted on a construct, always with its reason. */
function acknowledge(scope: IConstruct, rule: string, reason: string, finding?: string): void {
  Validations.of(scope).acknowledge({
    id: `AwsSolutions::AwsSolutions-${rule}${finding ? `[${finding}]` : ''}`,
    reason,
  });
}

/** The seed function carries the province config in its bundle as `province.json`. */
function provinceConfigHook(file: string): BundlingOptions {
  return {
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_input: string, output: string) => [`cp "${file}" "${output}/province.json"`],
    },
  };
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
