import type { FilesPrefix, FunctionSpec, ResourceUse } from '../shared/manifest-types.ts';
import { bucket as bucketDefinition } from '../shared/resources.ts';
import { tableStatements } from './table-access.ts';

/**
 * Every permission a function gets, derived from its manifest entry and nothing else: exact
 * actions on exact resources, partitions bound by `dynamodb:LeadingKeys`, object prefixes by
 * their ARNs. `*` appears only where AWS has no resource for the action (SMS to a phone
 * number). The stack turns these into IAM statements and the keys' policies; the infra test
 * checks the template against them.
 */
export interface Grant {
  actions: string[];
  resources: string[];
  conditions?: Record<string, Record<string, string | string[]>>;
}

/** The ARNs a deployment's grants point at (tokens in the stack, names in tests). */
export interface Targets {
  table: string;
  files: string;
  checkpoints: string;
  dataKey: string;
  receiptKey: string;
  queue: (name: string) => string;
  deadLetters: (name: string) => string;
  /** The SES identities the province sends from: its domain and its address. */
  emailIdentities: string[];
}

const PREFIXES: Record<FilesPrefix, string> = {
  quarantine: bucketDefinition.quarantinePrefix,
  clean: bucketDefinition.cleanPrefix,
};

const objects = (bucketArn: string, prefixes: readonly FilesPrefix[]) =>
  prefixes.map((prefix) => `${bucketArn}/${PREFIXES[prefix]}*`);

export function grantsFor(uses: ResourceUse, targets: Targets): Grant[] {
  return [
    ...tableGrants(uses, targets),
    ...bucketGrants(uses, targets),
    ...checkpointGrants(uses, targets),
    ...(uses.sendsTo?.length
      ? [{ actions: ['sqs:SendMessage'], resources: uses.sendsTo.map(targets.queue) }]
      : []),
    ...(uses.deadLettersOf?.length
      ? [{ actions: ['sqs:SendMessage'], resources: uses.deadLettersOf.map(targets.deadLetters) }]
      : []),
    ...(uses.signingKey ? [{ actions: signingActions(uses), resources: [targets.receiptKey] }] : []),
    ...(uses.notifies
      ? [
          { actions: ['ses:SendEmail'], resources: targets.emailIdentities },
          // SMS goes to a phone number, which has no ARN: SNS allows no narrower resource.
          { actions: ['sns:Publish'], resources: ['*'] },
        ]
      : []),
  ];
}

function tableGrants(uses: ResourceUse, targets: Targets): Grant[] {
  if (!uses.table) return [];
  return tableStatements(uses.table).map((statement) => ({
    actions: [...statement.actions],
    resources: [statement.on === 'table' ? targets.table : `${targets.table}/index/${statement.on}`],
    ...(statement.leadingKeys
      ? { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': statement.leadingKeys } } }
      : {}),
  }));
}

function bucketGrants(uses: ResourceUse, targets: Targets): Grant[] {
  const use = uses.bucket;
  if (!use) return [];
  const grants: Grant[] = [];
  if (use.read?.length)
    grants.push({ actions: ['s3:GetObject'], resources: objects(targets.files, use.read) });
  // The malware verdict is a tag GuardDuty puts on the object in quarantine.
  if (use.read?.includes('quarantine'))
    grants.push({ actions: ['s3:GetObjectTagging'], resources: objects(targets.files, ['quarantine']) });
  if (use.write?.length)
    grants.push({ actions: ['s3:PutObject'], resources: objects(targets.files, use.write) });
  if (use.delete?.length)
    grants.push({ actions: ['s3:DeleteObject'], resources: objects(targets.files, use.delete) });
  return grants;
}

/** A PutObject that names If-None-Match: it creates a key and never writes over one. */
export const NEW_OBJECTS_ONLY = { Null: { 's3:if-none-match': 'false' } };

function checkpointGrants(uses: ResourceUse, targets: Targets): Grant[] {
  if (!uses.checkpoints) return [];
  const grants: Grant[] = [
    { actions: ['s3:GetObject'], resources: [`${targets.checkpoints}/checkpoints/*`] },
    {
      actions: ['s3:ListBucket'],
      resources: [targets.checkpoints],
      conditions: { StringLike: { 's3:prefix': ['heads/*'] } },
    },
  ];
  if (uses.checkpoints === 'write') {
    // Adding only: never over an existing key (If-None-Match), no delete, no version
    // deletion, no bypass of the Object Lock.
    grants.push({
      actions: ['s3:PutObject'],
      resources: [`${targets.checkpoints}/checkpoints/*`, `${targets.checkpoints}/heads/*`],
      conditions: NEW_OBJECTS_ONLY,
    });
  }
  return grants;
}

const signingActions = (uses: ResourceUse) =>
  uses.signingKey === 'sign' ? ['kms:GetPublicKey', 'kms:Sign'] : ['kms:GetPublicKey'];

/**
 * What the function does with the province's data key, which encrypts the table, the
 * queues and both buckets. The key's own policy names each function with exactly these.
 */
export function dataKeyActions(spec: FunctionSpec): string[] {
  const { uses } = spec;
  const actions = new Set<string>();
  const decrypt = () => actions.add('kms:Decrypt');
  const encrypt = () => {
    actions.add('kms:GenerateDataKey');
    actions.add('kms:Decrypt');
  };
  if (uses.table) {
    decrypt();
    actions.add('kms:DescribeKey');
    if (uses.table.write?.length) {
      actions.add('kms:Encrypt');
      actions.add('kms:GenerateDataKey');
    }
  }
  if (uses.bucket?.read?.length) decrypt();
  if (uses.bucket?.write?.length) encrypt();
  if (uses.checkpoints) decrypt();
  if (uses.checkpoints === 'write') encrypt();
  if (uses.sendsTo?.length || uses.deadLettersOf?.length) encrypt();
  // Receiving from an encrypted queue, reading the stream of an encrypted table, and sending
  // what keeps failing to the encrypted on-failure queue.
  if (spec.queue) decrypt();
  if (spec.stream) encrypt();
  // Webhook secrets and drafts are sealed under data keys the province's key makes, and opened by it.
  if (uses.webhookSecrets === 'open' || uses.drafts === 'open') decrypt();
  if (uses.webhookSecrets === 'seal' || uses.drafts === 'seal') encrypt();
  return [...actions].sort();
}
