import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ENV, resourceVariable } from '../env.ts';
import { traced } from '../observability.ts';
import { bucket } from '../resources.ts';

/**
 * The files bucket. Objects are never public: clients upload with a presigned POST under
 * the quarantine prefix and download with a presigned GET from the clean prefix.
 */
const s3 = traced(new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' }));

const bucketName = (): string => resourceVariable(ENV.bucket, 'the files bucket');

export const quarantineKey = (id: string) => `${bucket.quarantinePrefix}${id}`;
export const cleanKey = (id: string) => `${bucket.cleanPrefix}${id}`;

export interface UploadPolicy {
  key: string;
  contentType: string;
  maxBytes: number;
  /** Base64 SHA-256 the client must send with the file. */
  checksum: string;
  expiresInSeconds: number;
}

/**
 * A presigned POST whose policy bounds the size and fixes the type and checksum, and when the
 * policy itself says it expires (the signer's clock, not the caller's).
 */
export async function presignUpload(policy: UploadPolicy): Promise<PresignedPost & { expiresAt: string }> {
  const post = await createPresignedPost(s3, {
    Bucket: bucketName(),
    Key: policy.key,
    Conditions: [
      ['content-length-range', 1, policy.maxBytes],
      ['eq', '$Content-Type', policy.contentType],
      ['eq', '$x-amz-checksum-sha256', policy.checksum],
    ],
    Fields: { 'Content-Type': policy.contentType, 'x-amz-checksum-sha256': policy.checksum },
    Expires: policy.expiresInSeconds,
  });
  const signed = JSON.parse(Buffer.from(post.fields.Policy ?? '', 'base64').toString('utf8')) as {
    expiration: string;
  };
  return { ...post, expiresAt: new Date(signed.expiration).toISOString() };
}

/** The bytes of an object and when it was written, or undefined while it has not been uploaded. */
export async function readObject(
  key: string,
): Promise<{ bytes: Uint8Array; lastModified: Date } | undefined> {
  try {
    const { Body, LastModified } = await s3.send(new GetObjectCommand({ Bucket: bucketName(), Key: key }));
    return Body
      ? { bytes: await Body.transformToByteArray(), lastModified: LastModified ?? new Date() }
      : undefined;
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey' || (error as Error).name === 'NotFound') return undefined;
    throw error;
  }
}

/** Writes bytes a function fetched itself (a channel's file) under a key, where the scanner sees them. */
export async function writeObject(key: string, bytes: Uint8Array): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucketName(), Key: key, Body: bytes }));
}

export async function objectTags(key: string): Promise<Record<string, string>> {
  const { TagSet = [] } = await s3.send(new GetObjectTaggingCommand({ Bucket: bucketName(), Key: key }));
  return Object.fromEntries(TagSet.map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}

export async function moveObject(from: string, to: string): Promise<void> {
  await s3.send(
    // The scanner's tags stay behind: the clean copy needs none, and copying them would need a grant.
    new CopyObjectCommand({
      Bucket: bucketName(),
      Key: to,
      CopySource: `${bucketName()}/${from}`,
      TaggingDirective: 'REPLACE',
    }),
  );
  await deleteObject(from);
}

export async function deleteObject(key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucketName(), Key: key }));
}

/** A download link valid `expiresInSeconds`, naming the file as the caller should save it. */
export function presignDownload(
  key: string,
  contentType: string,
  disposition: string,
  expiresInSeconds: number,
) {
  return getSignedUrl(
    s3,
    new GetObjectCommand({
      Bucket: bucketName(),
      Key: key,
      ResponseContentDisposition: disposition,
      ResponseContentType: contentType,
    }),
    { expiresIn: expiresInSeconds },
  );
}
