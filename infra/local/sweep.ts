import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { bucket } from '../../shared/resources.ts';

/**
 * What the S3 lifecycle rule does on AWS: objects left in quarantine longer than `maxAgeMs`
 * (uploads never verified) are deleted. The clean prefix, where the files of dossiers live,
 * is never touched.
 */
export async function sweepQuarantine(
  s3: S3Client,
  bucketName: string,
  now: Date,
  maxAgeMs: number,
): Promise<number> {
  let deleted = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucketName,
        Prefix: bucket.quarantinePrefix,
        ContinuationToken: token,
      }),
    );
    const stale = (page.Contents ?? []).filter(
      (object) => object.Key && (object.LastModified?.getTime() ?? 0) <= now.getTime() - maxAgeMs,
    );
    if (stale.length) {
      await s3.send(
        new DeleteObjectsCommand({
          Bucket: bucketName,
          Delete: { Objects: stale.map((object) => ({ Key: object.Key! })) },
        }),
      );
      deleted += stale.length;
    }
    token = page.NextContinuationToken;
  } while (token);
  return deleted;
}
