import { type CfnElement, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  UserPoolClientIdentityProvider,
  UserPoolEmail,
  VerificationEmailStyle,
} from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import {
  AccountRootPrincipal,
  AnyPrincipal,
  Effect,
  ManagedPolicy,
  PolicyDocument,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
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
import type { Construct } from 'constructs';
import type { Province } from '../../shared/config/province.ts';
import type { ConnectorSettings } from '../../shared/connectors/settings.ts';
import { TOKEN_ROLES } from '../../shared/domain/roles.ts';
import { deadLettersEnvVar, ENV, queueEnvVar } from '../../shared/env.ts';
import {
  bucket as bucketDefinition,
  checkpointBucket,
  type QueueDefinition,
  queues as queueDefinitions,
  streamFailureQueue,
  table as tableDefinition,
} from '../../shared/resources.ts';
import { alarmOnAnyMessage, alarmOperators } from '../constructs/alarms.ts';
import type { Targets } from '../grants.ts';
import { RELEASE } from '../ops/release.ts';
import { copyVaultName } from './backup-copy-stack.ts';
import { acknowledge } from './nag.ts';

/** How long AWS Backup keeps each daily backup (and its copy). */
export const BACKUP_DAYS = 35;

/** The tag every role of a province carries: the keys let only those roles use them. */
export const PROVINCE_TAG = 'motcua:province';

/** What the data key's users may ask of it; each role's own policy narrows it to its share. */
const DATA_KEY_USE = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];
const SIGNING_KEY_USE = ['kms:GetPublicKey', 'kms:Sign'];

export interface DataStackProps extends StackProps {
  province: Province;
}

/**
 * What holds a province's state: the keys, the table, the files and checkpoints, the queues,
 * the user pool, the function logs and the operators' topic. Retained and protected from
 * termination: the application's stacks come and go around it, and attach to it again.
 */
export class DataStack extends Stack {
  readonly table: Table;
  readonly bucket: Bucket;
  readonly checkpoints: Bucket;
  readonly accessLogs: Bucket;
  readonly queues: Record<string, Queue> = {};
  readonly deadLetterQueues: Record<string, Queue> = {};
  readonly streamFailures: Queue;
  readonly receiptKey: Key;
  readonly dataKey: Key;
  readonly alerts: Topic;
  readonly functionLogs: LogGroup;
  /** The province's own user pool and its API client, when it signs in with Cognito. */
  readonly userPool?: UserPool;
  readonly userPoolClientId?: string;
  /** The staff applications' client, when the province file describes them. */
  staffClientId?: string;
  /** The OpenID issuer whose tokens the API takes, and the audiences it accepts. */
  readonly issuer: string;
  readonly audiences: string[];
  private readonly notifyFrom: string;
  private readonly connectors: Province['connectors'];

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    const { province } = props;
    this.notifyFrom = province.notifyFromEmail ?? `no-reply@${province.id}.motcua.vn`;
    this.connectors = province.connectors;
    this.dataKey = this.createDataKey(province.id);
    this.table = this.createTable(this.dataKey);
    this.accessLogs = this.createAccessLogs();
    this.bucket = this.createBucket(this.dataKey, province.webOrigins);
    this.checkpoints = this.createCheckpointBucket(this.dataKey, province.checkpointLock);
    this.receiptKey = new Key(this, 'ReceiptSigningKey', {
      description: `motcua ${province.id}: signs proofs of submission, hop receipts and checkpoints (Ed25519)`,
      keySpec: KeySpec.ECC_NIST_EDWARDS25519,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: keyAdministration(),
    });
    this.receiptKey.addToResourcePolicy(provinceRolesMay(province.id, SIGNING_KEY_USE));
    this.protectQuarantine();
    this.alerts = new Topic(this, 'OperatorAlerts', {
      displayName: `motcua ${province.id} alerts`,
      masterKey: this.dataKey,
      enforceSSL: true,
    });
    for (const [name, definition] of Object.entries(queueDefinitions)) {
      this.queues[name] = this.createQueue(name, definition);
      this.alarmOnAge(name, this.queues[name], definition);
    }
    this.streamFailures = this.createQueue('StreamFailures', streamFailureQueue);
    alarmOnAnyMessage(
      this,
      'StreamFailuresNotEmpty',
      this.streamFailures,
      'Stream records a function gave up on (npm run dlq -- list stream-failures)',
      this.alerts,
    );
    this.functionLogs = new LogGroup(this, 'FunctionLogs', {
      retention: province.logRetentionDays as RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (province.oidc.provider === 'external') {
      this.issuer = province.oidc.issuer;
      this.audiences = [...province.oidc.audience];
    } else {
      const { pool, clientId } = this.createUserPool(province);
      this.userPool = pool;
      this.userPoolClientId = clientId;
      this.issuer = `https://cognito-idp.${this.region}.amazonaws.com/${pool.userPoolId}`;
      this.audiences = [clientId, ...(this.staffClientId ? [this.staffClientId] : [])];
      new CfnOutput(this, 'UserPoolId', { value: pool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: clientId });
    }
    this.createBackups(province);
    // What `npm run restore` reads: the table to restore, and where the checkpoints and the key are.
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'CheckpointBucketName', { value: this.checkpoints.bucketName });
    new CfnOutput(this, 'ReceiptKeyId', { value: this.receiptKey.keyId });
    new CfnOutput(this, 'DataKeyArn', { value: this.dataKey.keyArn });
    // The release deployed, which the next deploy reads to say what it replaces.
    new CfnOutput(this, 'Release', { value: RELEASE });
    new CfnOutput(this, 'Issuer', { value: this.issuer });
    new CfnOutput(this, 'AlertsTopicArn', { value: this.alerts.topicArn });
  }

  /** The ARNs the grants point at. */
  targets(): Targets {
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

  /** Every resource variable of this deployment, as a function that uses the resource sees it. */
  resourceVariables(): Record<string, string> {
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
   * AWS Backup, daily, kept 35 days: the table (beside its point-in-time recovery), the files
   * and the checkpoints, copied to the province's second region when it names one.
   */
  private createBackups(province: Province): void {
    const vault = new BackupVault(this, 'Backups', {
      encryptionKey: this.dataKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const copyTo = province.backupCopyRegion
      ? BackupVault.fromBackupVaultArn(
          this,
          'CopyVault',
          `arn:${this.partition}:backup:${province.backupCopyRegion}:${this.account}:backup-vault:${copyVaultName(province.id)}`,
        )
      : undefined;
    const plan = new BackupPlan(this, 'BackupPlan', { backupVault: vault });
    plan.addRule(
      new BackupPlanRule({
        ruleName: 'daily',
        // 02:00 in Việt Nam, when the offices are closed.
        scheduleExpression: Schedule.cron({ hour: '19', minute: '0' }),
        deleteAfter: Duration.days(BACKUP_DAYS),
        ...(copyTo
          ? { copyActions: [{ destinationBackupVault: copyTo, deleteAfter: Duration.days(BACKUP_DAYS) }] }
          : {}),
      }),
    );
    const selection = plan.addSelection('ProvinceState', {
      resources: [
        BackupResource.fromDynamoDbTable(this.table),
        BackupResource.fromArn(this.bucket.bucketArn),
        BackupResource.fromArn(this.checkpoints.bucketArn),
      ],
      allowRestores: true,
    });
    const role = selection.grantPrincipal as Role;
    for (const policy of ['AWSBackupServiceRolePolicyForS3Backup', 'AWSBackupServiceRolePolicyForS3Restore'])
      role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName(policy));
    for (const policy of [
      'service-role/AWSBackupServiceRolePolicyForBackup',
      'service-role/AWSBackupServiceRolePolicyForRestores',
      'AWSBackupServiceRolePolicyForS3Backup',
      'AWSBackupServiceRolePolicyForS3Restore',
    ])
      acknowledge(
        role,
        'IAM4',
        "AWS Backup's own service policies for backing up and restoring DynamoDB and S3, which AWS keeps up with the service.",
        `Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}`,
      );
  }

  /** Work that waits too long in a queue is stuck behind something: alarm on its oldest message. */
  private alarmOnAge(name: string, queue: Queue, definition: QueueDefinition): void {
    alarmOperators(
      this,
      `${pascal(name)}OldestMessage`,
      {
        description: `${definition.name}: a message has waited more than ${definition.oldestMessageAlarmSeconds} s`,
        metric: queue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: definition.oldestMessageAlarmSeconds,
      },
      this.alerts,
    );
  }

  private createDataKey(province: string): Key {
    const key = new Key(this, 'DataKey', {
      enableKeyRotation: true,
      description: `motcua ${province}: table, queues, files and checkpoints`,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: keyAdministration(),
    });
    key.addToResourcePolicy(provinceRolesMay(province, DATA_KEY_USE));
    // The operators' tools reach what the key protects through one service each, with
    // credentials whose own policy allows the key: DLQ listing and redrive through SQS; the
    // migration deploy runs and the restore check through DynamoDB.
    key.addToResourcePolicy(this.accountThrough('QueuesThroughSqs', 'sqs'));
    key.addToResourcePolicy(this.accountThrough('TableThroughDynamoDb', 'dynamodb', ['kms:DescribeKey']));
    // The schedules' dead letters: EventBridge writes an event it could not deliver to them.
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SchedulesToTheirDeadLetters',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
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
    return key;
  }

  /** The account's own principals may use the data key, but only through this service. */
  private accountThrough(sid: string, service: string, more: string[] = []): PolicyStatement {
    return new PolicyStatement({
      sid,
      principals: [new AccountRootPrincipal()],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey', ...more],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:ViaService': `${service}.${this.region}.amazonaws.com` } },
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

  private createAccessLogs(): Bucket {
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
    return accessLogs;
  }

  private createBucket(key: Key, webOrigins: readonly string[]): Bucket {
    return new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
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
   * The history checkpoints: Object Lock with a default retention, so that every version written
   * stays as written; functions may add, never delete or bypass. Governance mode unless the
   * province chooses compliance, which not even the account's root can lift.
   */
  private createCheckpointBucket(key: Key, mode: Province['checkpointLock']): Bucket {
    const retention = Duration.days(checkpointBucket.retentionDays);
    const bucket = new Bucket(this, 'Checkpoints', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention:
        mode === 'compliance'
          ? ObjectLockRetention.compliance(retention)
          : ObjectLockRetention.governance(retention),
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
    // The files are encrypted with the data key: GuardDuty reads them with its role (a role
    // of the province, which the key's policy lets use it).
    role.addToPolicy(new PolicyStatement({ actions: ['kms:Decrypt'], resources: [this.dataKey.keyArn] }));
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

  private createQueue(name: string, definition: QueueDefinition): Queue {
    const common = {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.dataKey,
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
    alarmOnAnyMessage(
      this,
      `${pascal(name)}DlqNotEmpty`,
      deadLetters,
      `${definition.name}: messages in the DLQ (npm run dlq -- list ${definition.name})`,
      this.alerts,
    );
    this.deadLetterQueues[name] = deadLetters;
    // The dlq command finds both queues by these outputs.
    new CfnOutput(this, `${pascal(name)}QueueUrl`, { value: queue.queueUrl });
    new CfnOutput(this, `${pascal(name)}DlqUrl`, { value: deadLetters.queueUrl });
    return queue;
  }

  /**
   * The officers' and leaders' applications: an app client of their own with the authorization
   * code flow and PKCE only (no implicit flow, no client secret in an app), sent back only to
   * the province's URLs, and the pool's managed sign-in pages on the province's prefix.
   */
  private staffSignIn(pool: UserPool, apps: NonNullable<Province['staffApps']>): void {
    const client = pool.addClient('StaffAppClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [...apps.callbackUrls],
        logoutUrls: [...apps.logoutUrls],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, phoneNumber: true }),
    });
    const domain = pool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: apps.signInDomainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    new CfnOutput(this, 'StaffAppClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'StaffSignInUrl', { value: domain.baseUrl() });
    this.staffClientId = client.userPoolClientId;
  }

  private createUserPool(province: Province): { pool: UserPool; clientId: string } {
    const domain = this.notifyFrom.split('@')[1]!;
    const pool = new UserPool(this, 'Users', {
      // Through SES from the province's verified address (Cognito's own sender has a small daily
      // limit and writes English); SMS through SNS in the province's region.
      email: UserPoolEmail.withSES({
        fromEmail: this.notifyFrom,
        fromName: `Dịch vụ công ${province.name}`,
        sesRegion: this.region,
        sesVerifiedDomain: domain,
      }),
      snsRegion: this.region,
      userVerification: {
        emailSubject: `Mã xác minh tài khoản dịch vụ công ${province.name}`,
        emailBody: ACCOUNT_MESSAGES.verificationEmail,
        emailStyle: VerificationEmailStyle.CODE,
        smsMessage: ACCOUNT_MESSAGES.verificationSms,
      },
      userInvitation: {
        emailSubject: `Tài khoản cán bộ dịch vụ công ${province.name}`,
        emailBody: ACCOUNT_MESSAGES.invitationEmail,
        smsMessage: ACCOUNT_MESSAGES.invitationSms,
      },
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
    // Every role a token can carry is a group of the pool; the staff ones need a second factor.
    for (const group of TOKEN_ROLES) {
      new CfnUserPoolGroup(this, `${pascal(group)}Group`, { userPoolId: pool.userPoolId, groupName: group });
    }
    // Citizens' apps sign in with SRP; no hosted flow, so no implicit grant and no placeholder
    // callback address.
    const client = pool.addClient('ApiClient', {
      disableOAuth: true,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      // What a user may change of themself: contacts, never their unit, identity or name.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, phoneNumber: true }),
    });
    if (province.staffApps) this.staffSignIn(pool, province.staffApps);
    acknowledge(
      pool,
      'COG2',
      'MFA is optional for citizens (VNeID signs them in in production); officers, leaders and admins get their groups, in ID and access tokens alike, only with MFA set up (pre token generation trigger, version 2).',
    );
    acknowledge(pool, 'COG3', 'Threat protection (Plus plan) is a cost each province decides on.');
    acknowledge(pool, 'COG8', 'The Plus feature plan is a cost each province decides on.');
    return { pool, clientId: client.userPoolClientId };
  }
}

/**
 * What the pool sends, Vietnamese first then English: the placeholders are Cognito's ({####} the
 * code, {username} the account).
 */
export const ACCOUNT_MESSAGES = {
  verificationEmail:
    'Mã xác minh tài khoản của bạn là {####}. Mã có hiệu lực trong 24 giờ; không chia sẻ mã này với ai.<br><br>Your verification code is {####}. It is valid for 24 hours; do not share it.',
  verificationSms: 'Ma xac minh dich vu cong: {####}. Verification code: {####}',
  invitationEmail:
    'Tài khoản cán bộ của bạn đã được tạo. Tên đăng nhập: {username}, mật khẩu tạm: {####}. Lần đăng nhập đầu, bạn đặt mật khẩu mới và ứng dụng xác thực hai bước.<br><br>Your staff account was created. User name: {username}, temporary password: {####}. At first sign-in you choose a password and set up an authenticator app.',
  invitationSms:
    'Tai khoan can bo: {username}, mat khau tam: {####}. Staff account: {username}, temporary password: {####}',
} as const;

/**
 * A key policy that lets the account administer the key (through IAM) but not use it: using it
 * takes the statement that lets the province's own roles use it.
 */
function keyAdministration(): PolicyDocument {
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

/**
 * The key's use, open to the roles of this province's stacks only (they carry its tag) and
 * through their own policies, which grant each function its share and no more. Naming each
 * role here instead would tie this stack to the application's stacks in a circle.
 */
function provinceRolesMay(province: string, actions: string[]): PolicyStatement {
  return new PolicyStatement({
    sid: 'TheProvincesRoles',
    principals: [new AccountRootPrincipal()],
    actions,
    resources: ['*'],
    conditions: {
      StringEquals: { [`aws:PrincipalTag/${PROVINCE_TAG}`]: province, 'aws:PrincipalType': 'AssumedRole' },
    },
  });
}

export const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
