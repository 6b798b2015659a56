import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Head } from '../domain/checkpoints.ts';
import { ENV, resourceVariable } from '../env.ts';
import { traced } from '../observability.ts';

/**
 * The checkpoint bucket: S3 with Object Lock on AWS, so that a checkpoint once written can be
 * neither changed nor deleted by any function (they may only add).
 *
 *   checkpoints/<number, 10 digits>.json    { jws, heads }      one per checkpoint
 *   heads/<dossier code>/<number>.json      { checkpoint }      which checkpoints name a dossier
 */
const s3 = traced(new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' }));
const bucket = () => resourceVariable(ENV.checkpointBucket, 'the checkpoints');
const padded = (number: number) => String(number).padStart(10, '0');

export interface StoredCheckpoint {
  jws: string;
  heads: Head[];
}

/** Creates an object, or finds it there: no object of the bucket is ever written over. */
async function create(key: string, body: unknown): Promise<'written' | 'exists'> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket(),
        Key: key,
        Body: JSON.stringify(body),
        ContentType: 'application/json',
        IfNoneMatch: '*',
      }),
    );
    return 'written';
  } catch (error) {
    if ((error as Error).name === 'PreconditionFailed') return 'exists';
    throw error;
  }
}

/** Writes a checkpoint, or finds one of the same number there (an earlier run's). */
export const putCheckpoint = (number: number, checkpoint: StoredCheckpoint) =>
  create(`checkpoints/${padded(number)}.json`, checkpoint);

/**
 * Notes under each dossier that the checkpoint names it, so that verification finds every
 * checkpoint of a dossier. Written after the checkpoint, from what it holds: a note never
 * points at a checkpoint that does not name the dossier.
 */
export async function putHeadIndex(number: number, heads: readonly Head[]): Promise<void> {
  for (let start = 0; start < heads.length; start += 20) {
    await Promise.all(
      heads
        .slice(start, start + 20)
        .map((head) => create(`heads/${head.code}/${padded(number)}.json`, { checkpoint: number })),
    );
  }
}

export async function getCheckpoint(number: number): Promise<StoredCheckpoint | undefined> {
  try {
    const { Body } = await s3.send(
      new GetObjectCommand({ Bucket: bucket(), Key: `checkpoints/${padded(number)}.json` }),
    );
    return Body ? (JSON.parse(await Body.transformToString()) as StoredCheckpoint) : undefined;
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** The numbers of the checkpoints that name a dossier, oldest first. */
export async function checkpointsNaming(code: string): Promise<number[]> {
  const numbers: number[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket(), Prefix: `heads/${code}/`, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      const number = Number(/(\d{10})\.json$/.exec(object.Key ?? '')?.[1]);
      if (Number.isInteger(number)) numbers.push(number);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return numbers.sort((a, b) => a - b);
}
