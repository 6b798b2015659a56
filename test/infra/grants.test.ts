import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { loadProvince } from '../../shared/config/province.ts';
import {
  deadLettersEnvVar,
  ENV,
  isResourceVariable,
  queueEnvVar,
  resourceVariables,
} from '../../shared/env.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';
import { PARTITIONS, type Partition } from '../../shared/persistence/keys.ts';
import type { Json } from '../support/json.ts';
import { synthProvince } from '../support/province-template.ts';

/**
 * Least privilege, read off the template: each function's exact actions on exact resources,
 * restated here from the manifest, independently of the code that writes the grants.
 */
let resources: Record<string, Json>;
const deployed = (Object.entries(manifest) as [string, FunctionSpec][]).filter(([, spec]) => !spec.localOnly);
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

beforeAll(() => {
  resources = synthProvince().whole.Resources;
});

const logicalIdOf = (prefix: string, type: string) => {
  const id = Object.keys(resources).find(
    (candidate) => resources[candidate].Type === type && new RegExp(`^${prefix}[0-9A-F]{8}$`).test(candidate),
  );
  if (!id) throw new Error(`no ${type} ${prefix}`);
  return id;
};

/** A resource of a statement by the name these tests give it: `table`, `files/clean/*`, `Handoffs`… */
function resourceName(resource: Json): string {
  if (resource === '*') return '*';
  const attribute = resource['Fn::GetAtt'];
  if (attribute) return `${nameOf(attribute[0])}${attribute[1] === 'StreamArn' ? '/stream' : ''}`;
  const parts = resource['Fn::Join']?.[1] as Json[] | undefined;
  if (parts?.[0]?.['Fn::GetAtt']) return `${nameOf(parts[0]['Fn::GetAtt'][0])}${parts.slice(1).join('')}`;
  if (parts) return `ses:${String(parts.at(-1)).split(':identity')[1]}`;
  return JSON.stringify(resource);
}

const NAMES: Record<string, string> = { Table: 'table', Files: 'files', Checkpoints: 'checkpoints' };
const nameOf = (logicalId: string) => {
  const base = logicalId.replace(/[0-9A-F]{8}$/, '');
  return NAMES[base] ?? (base === 'DataKey' ? 'dataKey' : base === 'ReceiptSigningKey' ? 'receiptKey' : base);
};

/** Every statement of a function's role, as `action on resource [condition]` lines. */
function grantsOf(name: string): string[] {
  const fn = resources[logicalIdOf(pascal(name), 'AWS::Lambda::Function')];
  const role = fn.Properties.Role['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy')
    .filter((policy) => policy.Properties.Roles.some((ref: Json) => ref.Ref === role))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[])
    .flatMap((statement) =>
      [statement.Action]
        .flat()
        .flatMap((action: string) =>
          [statement.Resource]
            .flat()
            .map((resource: Json) => line(action, resourceName(resource), statement.Condition)),
        ),
    );
}

const line = (action: string, resource: string, condition?: Json) =>
  `${action} on ${resource}${condition ? ` if ${JSON.stringify(condition)}` : ''}`;
const leading = (partitions: readonly Partition[]) => ({
  'ForAllValues:StringLike': {
    'dynamodb:LeadingKeys': partitions
      .map((partition) =>
        PARTITIONS[partition].endsWith('#') ? `${PARTITIONS[partition]}*` : PARTITIONS[partition],
      )
      .sort(),
  },
});

const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

/** What the manifest says a function may do, and nothing else. */
function expectedGrants(spec: FunctionSpec): string[] {
  const { uses } = spec;
  const out = [
    'xray:PutTraceSegments on *',
    'xray:PutTelemetryRecords on *',
    // Its own streams in the province's function log group, no other group.
    'logs:CreateLogStream on FunctionLogs',
    'logs:PutLogEvents on FunctionLogs',
  ];
  const key = new Set<string>();
  if (uses.table?.read?.length)
    for (const action of READ) out.push(line(action, 'table', leading(uses.table.read)));
  if (uses.table?.write?.length)
    for (const action of WRITE) out.push(line(action, 'table', leading(uses.table.write)));
  for (const index of uses.table?.indexes ?? []) out.push(line('dynamodb:Query', `table/index/${index}`));
  if (uses.table) keyUse(key, 'kms:Decrypt', 'kms:DescribeKey');
  if (uses.table?.write?.length) keyUse(key, 'kms:Encrypt', 'kms:GenerateDataKey');
  for (const prefix of uses.bucket?.read ?? []) out.push(line('s3:GetObject', `files/${prefix}/*`));
  if (uses.bucket?.read?.includes('quarantine')) out.push(line('s3:GetObjectTagging', 'files/quarantine/*'));
  for (const prefix of uses.bucket?.write ?? []) out.push(line('s3:PutObject', `files/${prefix}/*`));
  for (const prefix of uses.bucket?.delete ?? []) out.push(line('s3:DeleteObject', `files/${prefix}/*`));
  if (uses.bucket?.read?.length) key.add('kms:Decrypt');
  if (uses.bucket?.write?.length) keyUse(key, 'kms:Decrypt', 'kms:GenerateDataKey');
  if (uses.checkpoints) {
    out.push(line('s3:GetObject', 'checkpoints/checkpoints/*'));
    out.push(line('s3:ListBucket', 'checkpoints', { StringLike: { 's3:prefix': ['heads/*'] } }));
    key.add('kms:Decrypt');
  }
  if (uses.checkpoints === 'write') {
    const created = { Null: { 's3:if-none-match': 'false' } };
    out.push(
      line('s3:PutObject', 'checkpoints/checkpoints/*', created),
      line('s3:PutObject', 'checkpoints/heads/*', created),
    );
    key.add('kms:GenerateDataKey');
  }
  for (const queue of uses.sendsTo ?? []) out.push(line('sqs:SendMessage', pascal(queue)));
  for (const queue of uses.deadLettersOf ?? []) out.push(line('sqs:SendMessage', `${pascal(queue)}Dlq`));
  if (uses.sendsTo?.length || uses.deadLettersOf?.length) keyUse(key, 'kms:Decrypt', 'kms:GenerateDataKey');
  if (uses.signingKey) out.push(line('kms:GetPublicKey', 'receiptKey'));
  if (uses.signingKey === 'sign') out.push(line('kms:Sign', 'receiptKey'));
  if (uses.notifies) {
    out.push(
      line('ses:SendEmail', 'ses:/dong-nai.motcua.vn'),
      line('ses:SendEmail', 'ses:/no-reply@dong-nai.motcua.vn'),
    );
    out.push(line('sns:Publish', '*'));
  }
  if (uses.userPool === 'readAccounts') out.push(line('cognito-idp:AdminGetUser', 'Users'));
  if (uses.userPool === 'manageGroups') out.push(line('cognito-idp:AdminAddUserToGroup', 'Users'));
  if (spec.queue) {
    // Lambda's SQS event source, as CDK grants it: consume the trigger queue.
    for (const action of [
      'ReceiveMessage',
      'ChangeMessageVisibility',
      'GetQueueUrl',
      'DeleteMessage',
      'GetQueueAttributes',
    ])
      out.push(line(`sqs:${action}`, pascal(spec.queue.queue)));
    out.push(line('kms:Decrypt', 'dataKey'));
    key.add('kms:Decrypt');
  }
  if (spec.stream) {
    // Lambda's stream event source and its on-failure queue, as CDK grants them.
    out.push(line('dynamodb:ListStreams', '*'));
    for (const action of ['DescribeStream', 'GetRecords', 'GetShardIterator'])
      out.push(line(`dynamodb:${action}`, 'table/stream'));
    out.push(line('kms:Decrypt', 'dataKey'), line('kms:DescribeKey', 'dataKey'));
    for (const action of ['SendMessage', 'GetQueueAttributes', 'GetQueueUrl'])
      out.push(line(`sqs:${action}`, 'StreamFailures'));
    for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'])
      out.push(line(action, 'dataKey'));
    keyUse(key, 'kms:Decrypt', 'kms:GenerateDataKey');
  }
  for (const action of key) out.push(line(action, 'dataKey'));
  return out;
}

const sorted = (lines: string[]) => [...lines].sort();

function keyUse(key: Set<string>, ...actions: string[]): void {
  for (const action of actions) key.add(action);
}

describe('least privilege, from the manifest to the template', () => {
  it.each(deployed)('%s is granted exactly what its manifest entry uses', (name, spec) => {
    expect(sorted(grantsOf(name))).toEqual(sorted(expectedGrants(spec)));
  });

  it('uses * only for actions that have no resource', () => {
    const unbounded = deployed.flatMap(([name]) => grantsOf(name)).filter((grant) => / on \*/.test(grant));
    expect([...new Set(unbounded.map((grant) => grant.split(' ')[0]))].sort()).toEqual([
      'dynamodb:ListStreams',
      'sns:Publish',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('lets no function scan the table, write the catalog but the seed, the administrators and the national sync, or delete a checkpoint', () => {
    const all = deployed.flatMap(([name]) => grantsOf(name).map((grant) => `${name}: ${grant}`));
    expect(
      all.filter((grant) => /dynamodb:Scan|s3:DeleteObject on checkpoints|BypassGovernance/.test(grant)),
    ).toEqual([]);
    const catalogWriters = deployed
      .filter(([, spec]) => spec.uses.table?.write?.includes('catalog'))
      .map(([name]) => name);
    expect(catalogWriters.sort()).toEqual([
      'putProcedure',
      'seedCatalog',
      'syncCatalogNow',
      'syncCatalogWeekly',
    ]);
    const lookup = grantsOf('lookupDossier').filter((grant) => /PutItem|UpdateItem|DeleteItem/.test(grant));
    expect(lookup.every((grant) => grant.includes('"RATE#*"') && !grant.includes('DOSSIER'))).toBe(true);
  });

  it('names each function its resources in the environment, and no others', () => {
    for (const [name, spec] of deployed) {
      const fn = resources[logicalIdOf(pascal(name), 'AWS::Lambda::Function')];
      const names = Object.keys(fn.Properties.Environment.Variables);
      const resourceNames = names.filter(isResourceVariable);
      // The local runtime's stand-ins (a key file, an outbox file) have no variable on AWS.
      const local: string[] = [ENV.receiptKeyFile, ENV.secretsKeyFile, ENV.notifyOutboxFile];
      const wanted = resourceVariables(spec.uses).filter((variable) => !local.includes(variable));
      expect(resourceNames.sort(), name).toEqual(wanted.sort());
      for (const queue of spec.uses.sendsTo ?? []) expect(names, name).toContain(queueEnvVar(queue));
      for (const queue of spec.uses.deadLettersOf ?? [])
        expect(names, name).toContain(deadLettersEnvVar(queue));
    }
  });
});

describe('the keys are used by the province’s roles only, each as its own policy says', () => {
  const policyOf = (prefix: string) =>
    resources[logicalIdOf(prefix, 'AWS::KMS::Key')].Properties.KeyPolicy.Statement as Json[];
  const actionsOf = (statement: Json) => [statement.Action].flat() as string[];
  const ofTheProvince = {
    StringEquals: { 'aws:PrincipalTag/motcua:province': 'dong-nai', 'aws:PrincipalType': 'AssumedRole' },
  };
  /** Every role's statements on a key, as `role: action`. */
  const roleUses = (key: string) =>
    Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .flatMap((policy) =>
        (policy.Properties.PolicyDocument.Statement as Json[])
          .filter((statement) =>
            [statement.Resource].flat().some((resource: Json) => resourceName(resource) === key),
          )
          .flatMap((statement) =>
            policy.Properties.Roles.flatMap((role: Json) =>
              actionsOf(statement).map((action) => `${role.Ref}: ${action}`),
            ),
          ),
      );

  it('names no role in a key policy: the data stack depends on no stack of functions', () => {
    for (const key of ['ReceiptSigningKey', 'DataKey'])
      for (const statement of policyOf(key)) {
        const principal = statement.Principal.AWS ?? statement.Principal.Service;
        expect(JSON.stringify(principal), key).not.toMatch(/ServiceRole|Role[0-9A-F]{8}/);
      }
  });

  it('signs only through the functions that sign; the account administers but cannot sign', () => {
    const statements = policyOf('ReceiptSigningKey');
    const use = statements.filter((statement) => actionsOf(statement).includes('kms:Sign'));
    expect(use).toEqual([expect.objectContaining({ Condition: ofTheProvince })]);
    const administration = statements.filter((statement) => !statement.Condition);
    expect(administration.flatMap(actionsOf).join(' ')).not.toMatch(
      /Sign|Verify|Decrypt|Encrypt|GenerateDataKey|\*\b/,
    );
    const signers = roleUses('receiptKey')
      .filter((use) => use.endsWith('kms:Sign'))
      .map((use) => use.split(':')[0]);
    const expected = deployed
      .filter(([, spec]) => spec.uses.signingKey === 'sign')
      .map(([name]) => logicalIdOf(`${pascal(name)}ServiceRole`, 'AWS::IAM::Role'));
    expect(signers.sort()).toEqual(expected.sort());
  });

  it('decrypts data for the province’s roles, the alarms, the schedules’ dead letters, the queue tools through SQS and the table tools through DynamoDB, and nobody else', () => {
    const users = policyOf('DataKey')
      .filter((statement) => actionsOf(statement).includes('kms:Decrypt'))
      .map((statement) => {
        if (statement.Principal.Service) return statement.Principal.Service;
        if (JSON.stringify(statement.Condition) === JSON.stringify(ofTheProvince))
          return 'the province’s roles';
        const via = statement.Condition?.StringEquals?.['kms:ViaService'] as string | undefined;
        return via ? `account via ${via.split('.')[0]}` : 'account';
      });
    expect(users.sort()).toEqual(
      [
        'account via dynamodb',
        'account via sqs',
        'cloudwatch.amazonaws.com',
        'events.amazonaws.com',
        'the province’s roles',
      ].sort(),
    );
    // Every role of the province carries the tag the key's policy asks for, but the roles of
    // CDK's own providers for the web ACL's cross-region reference, made after tags are applied:
    // they write and read a parameter and use no key.
    for (const [id, role] of Object.entries(resources).filter(
      ([id, resource]) => resource.Type === 'AWS::IAM::Role' && !id.startsWith('CustomCrossRegionExport'),
    ))
      expect(role.Properties.Tags, id).toContainEqual({ Key: 'motcua:province', Value: 'dong-nai' });
  });
});

describe('the buckets', () => {
  const bucket = (prefix: string) => resources[logicalIdOf(prefix, 'AWS::S3::Bucket')].Properties;

  it('encrypts the files with the data key and lets only the province portals post to them', () => {
    const files = bucket('Files');
    expect(files.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: expect.anything() },
    });
    expect(files.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({
        AllowedMethods: ['POST'],
        AllowedOrigins: ['https://dichvucong.dongnai.gov.vn'],
      }),
    ]);
  });

  it('locks the checkpoints in compliance mode where the province chooses it', () => {
    const province = { ...loadProvince('dong-nai'), checkpointLock: 'compliance' as const };
    const data = new DataStack(new App(), 'Data', { province, env: { region: province.region } });
    const [checkpoints] = Object.values(
      Template.fromStack(data).findResources('AWS::S3::Bucket', {
        Properties: { ObjectLockEnabled: true },
      }),
    ) as Json[];
    expect(checkpoints.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({
      Mode: 'COMPLIANCE',
      Days: 3650,
    });
  });

  it('keeps the checkpoints locked: Object Lock with a default retention, versioned, encrypted', () => {
    const checkpoints = bucket('Checkpoints');
    expect(checkpoints).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3650 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    const policy = Object.values(resources).find(
      (resource) =>
        resource.Type === 'AWS::S3::BucketPolicy' &&
        resource.Properties.Bucket.Ref === logicalIdOf('Checkpoints', 'AWS::S3::Bucket'),
    );
    expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:PutObject',
        Condition: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
  });
});
