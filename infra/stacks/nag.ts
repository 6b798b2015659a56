import { createHash } from 'node:crypto';
import { type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { bucket as bucketDefinition } from '../../shared/resources.ts';

/** A cdk-nag AwsSolutions finding accepted on a construct, always with its reason. */
export function acknowledge(scope: IConstruct, rule: string, reason: string, finding?: string): void {
  Validations.of(scope).acknowledge({
    id: `AwsSolutions::AwsSolutions-${rule}${finding ? `[${finding}]` : ''}`,
    reason,
  });
}

const WHY = {
  star: 'Only actions with no resource-level permission: X-Ray segments (active tracing), SNS SMS to phone numbers, and DynamoDB ListStreams (stream event sources).',
  kms: "The on-failure queue of the stream functions is granted by CDK's event source with these KMS action groups; the key is the province's own and lets only the province's roles use it.",
  public:
    'Routes marked public in the manifest (health, catalog, OpenAPI, look-up) need no sign-in by design.',
  objects:
    'Object keys are unguessable ids under their prefix; functions are granted a prefix, not the bucket.',
  checkpoints:
    'The checkpointer adds checkpoints and their index under these prefixes; Object Lock keeps each as written.',
};

/**
 * The findings accepted for every stack that holds functions, each with its reason. Which
 * statements may use `*` is checked statement by statement in the infra tests, not only here.
 * The buckets' findings name them as the stack sees them: by logical id in their own stack,
 * by export in the others.
 */
export function acknowledgeFunctionStack(
  stack: Stack,
  buckets: { bucket: Bucket; checkpoints: Bucket },
): void {
  acknowledge(stack, 'IAM5', WHY.star, 'Resource::*');
  acknowledge(stack, 'IAM5', WHY.kms, 'Action::kms:ReEncrypt*');
  acknowledge(stack, 'IAM5', WHY.kms, 'Action::kms:GenerateDataKey*');
  acknowledge(stack, 'APIG4', WHY.public);
  for (const prefix of [bucketDefinition.quarantinePrefix, bucketDefinition.cleanPrefix])
    acknowledge(stack, 'IAM5', WHY.objects, `Resource::${arnAsSeen(stack, buckets.bucket)}/${prefix}*`);
  for (const prefix of ['checkpoints/', 'heads/'])
    acknowledge(
      stack,
      'IAM5',
      WHY.checkpoints,
      `Resource::${arnAsSeen(stack, buckets.checkpoints)}/${prefix}*`,
    );
}

/** How cdk-nag names a bucket's ARN in a stack's findings. */
function arnAsSeen(stack: Stack, bucket: Bucket): string {
  const logicalId = bucket.stack.getLogicalId(bucket.node.defaultChild as CfnElement);
  if (bucket.stack === stack) return `<${logicalId}.Arn>`;
  return `${bucket.stack.stackName}:${exportOf({ 'Fn::GetAtt': [logicalId, 'Arn'] })}`;
}

/**
 * The name CDK gives the export of a value another stack imports: the path `Exports/Output<value>`
 * made an id (its letters and digits, then the first 8 hex digits of its MD5, upper case).
 */
function exportOf(value: unknown): string {
  const components = ['Exports', `Output${JSON.stringify(value)}`];
  const hash = createHash('md5').update(components.join('/')).digest('hex').slice(0, 8).toUpperCase();
  return components.map((part) => part.replace(/[^A-Za-z0-9]/g, '')).join('') + hash;
}
