import type { ResourceUse } from './manifest-types.ts';

/**
 * Every environment variable a function reads, named once. The variables of a resource
 * reach a function only when its manifest entry `uses` that resource: the stack sets them
 * with the grant, and the local runtime gives each invocation exactly the same set, so a
 * missing `uses` fails in every test as it would on AWS.
 */
export const ENV = {
  /** The province this deployment serves (every function). */
  provinceId: 'PROVINCE_ID',
  /** Its name, as pages show it (every function). */
  provinceName: 'PROVINCE_NAME',
  /** For how many days an applicant may change a rating (every function). */
  ratingChangeDays: 'RATING_CHANGE_DAYS',
  /** For how many days a citizen's draft is kept after it was last saved (every function). */
  draftKeepDays: 'DRAFT_KEEP_DAYS',
  /** `true` when the province traces every AWS SDK call (Powertools' tracer), not only invocations. */
  sdkTracing: 'MOTCUA_SDK_TRACING',
  /** Which claims of the issuer's tokens carry roles, unit and identity (JSON, every HTTP function). */
  identityClaims: 'IDENTITY_CLAIMS',
  /** Where the seed finds the province config (locally the source file). */
  provinceConfigFile: 'PROVINCE_CONFIG_FILE',
  table: 'TABLE_NAME',
  bucket: 'BUCKET_NAME',
  /** `guardduty` on AWS, `eicar` locally. */
  malwareScanner: 'MALWARE_SCANNER',
  checkpointBucket: 'CHECKPOINT_BUCKET_NAME',
  /** `kms` on AWS (with RECEIPT_KEY_ID), `file` locally (with RECEIPT_KEY_FILE). */
  receiptSigner: 'RECEIPT_SIGNER',
  receiptKeyId: 'RECEIPT_KEY_ID',
  receiptKeyFile: 'RECEIPT_KEY_FILE',
  /**
   * Webhook secrets are sealed with the province's key (envelope encryption): `kms` on AWS
   * (with SECRETS_KEY_ID, the data key), `file` locally (with SECRETS_KEY_FILE).
   */
  secretsSealer: 'SECRETS_SEALER',
  secretsKeyId: 'SECRETS_KEY_ID',
  secretsKeyFile: 'SECRETS_KEY_FILE',
  /** `aws` (SES and SNS) or `outbox` (kept in the table, locally). */
  notifyTransport: 'NOTIFY_TRANSPORT',
  notifyFromEmail: 'NOTIFY_FROM_EMAIL',
  /** Locally, the file email and SMS are appended to instead of being sent. */
  notifyOutboxFile: 'NOTIFY_OUTBOX_FILE',
  /** The connectors' endpoints and target policy (JSON; see shared/connectors/settings.ts). */
  connectors: 'CONNECTORS',
} as const;

const constantCase = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();

/** `dossierEvents` → `QUEUE_URL_DOSSIER_EVENTS`. */
export const queueEnvVar = (key: string): string => `QUEUE_URL_${constantCase(key)}`;

/** `handoffs` → `DLQ_URL_HANDOFFS`: for consumers that send what can never succeed straight there. */
export const deadLettersEnvVar = (key: string): string => `DLQ_URL_${constantCase(key)}`;

/** The variables each kind of resource use brings, whatever the runtime. */
export function resourceVariables(uses: ResourceUse): string[] {
  return [
    ...(uses.table ? [ENV.table] : []),
    ...(uses.bucket ? [ENV.bucket, ENV.malwareScanner] : []),
    ...(uses.checkpoints ? [ENV.checkpointBucket] : []),
    ...(uses.signingKey ? [ENV.receiptSigner, ENV.receiptKeyId, ENV.receiptKeyFile] : []),
    ...(uses.webhookSecrets || uses.drafts ? [ENV.secretsSealer, ENV.secretsKeyId, ENV.secretsKeyFile] : []),
    ...(uses.notifies ? [ENV.notifyTransport, ENV.notifyFromEmail, ENV.notifyOutboxFile] : []),
    ...(uses.connectors ? [ENV.connectors] : []),
    ...(uses.sendsTo ?? []).map(queueEnvVar),
    ...(uses.deadLettersOf ?? []).map(deadLettersEnvVar),
  ];
}

/** Whether a variable names a resource, and so belongs only to functions that use it. */
export const isResourceVariable = (name: string): boolean =>
  (
    [
      ENV.table,
      ENV.bucket,
      ENV.malwareScanner,
      ENV.checkpointBucket,
      ENV.receiptSigner,
      ENV.receiptKeyId,
      ENV.receiptKeyFile,
      ENV.secretsSealer,
      ENV.secretsKeyId,
      ENV.secretsKeyFile,
      ENV.notifyTransport,
      ENV.notifyFromEmail,
      ENV.notifyOutboxFile,
      ENV.connectors,
    ] as string[]
  ).includes(name) ||
  name.startsWith('QUEUE_URL_') ||
  name.startsWith('DLQ_URL_');

/**
 * The environment a function is given: of the deployment's resource variables, those its
 * `uses` brings (a runtime may leave out one that does not apply to it, such as the key
 * file on AWS).
 */
export function environmentFor(uses: ResourceUse, available: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    resourceVariables(uses).flatMap((name) =>
      available[name] === undefined ? [] : [[name, available[name]]],
    ),
  );
}

/** A resource variable the function needs; its absence means the manifest entry lacks the `uses`. */
export function resourceVariable(name: string, use: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the function's manifest entry does not use ${use}`);
  return value;
}
