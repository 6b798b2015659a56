import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { uploadAlreadyUsed } from '../domain/errors.ts';
import type { FileType } from '../domain/files.ts';
import { batchGet, documents, type TransactPart, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';

/**
 * Uploads:  pk=UPLOAD#<id>  sk=UPLOAD. An unused upload expires (TTL) a day after it was
 * asked for; using it in a dossier removes the expiry.
 */
export type UploadPurpose =
  | { kind: 'component'; procedureCode: string; componentId: string }
  | { kind: 'result'; dossierCode: string }
  | { kind: 'feedback' };

export type UploadStatus = 'pending' | 'verified' | 'rejected';

export interface Upload {
  id: string;
  ownerSub: string;
  purpose: UploadPurpose;
  fileName: string;
  contentType: FileType;
  size: number;
  /** Hex SHA-256 the client declared. */
  sha256: string;
  status: UploadStatus;
  reason?: string;
  /** Where the bytes are: the quarantine key, then the clean key once verified. */
  key: string;
  maxBytes: number;
  createdAt: string;
  usedBy?: string;
}

const key = (id: string) => ({ pk: `${PARTITIONS.upload}${id}`, sk: 'UPLOAD' });
const UNUSED_SECONDS = 86_400;

export async function putUpload(upload: Upload, now: Date): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...key(upload.id),
        entity: 'upload',
        ...upload,
        expiresAt: Math.floor(now.getTime() / 1000) + UNUSED_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getUpload(id: string): Promise<Upload | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: key(id), ConsistentRead: true }),
  );
  return Item ? strip(Item) : undefined;
}

export async function getUploads(ids: readonly string[]): Promise<Map<string, Upload>> {
  const items = await batchGet([...new Set(ids)].map(key), true);
  return new Map(items.map((item) => [item.id as string, strip(item)]));
}

/**
 * A file the system fetched itself from another channel, checked and scanned: verified and
 * used by its dossier from the start, so it never expires. Written once; a second writer (a
 * redelivered message) finds it there and changes nothing.
 */
export async function putFetchedFile(upload: Upload & { usedBy: string }): Promise<void> {
  await documents
    .send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key(upload.id), entity: 'upload', ...upload },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
}

/** The verdict on a pending upload; a second verifier finds it settled and changes nothing. */
export async function settleUpload(
  id: string,
  verdict: { status: 'verified'; key: string } | { status: 'rejected'; reason: string },
): Promise<void> {
  const detail =
    verdict.status === 'verified'
      ? { '#key': 'key', value: verdict.key }
      : { '#key': 'reason', value: verdict.reason };
  await documents
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(id),
        UpdateExpression: 'SET #status = :status, #detail = :detail',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status', '#detail': detail['#key'] },
        ExpressionAttributeValues: {
          ':status': verdict.status,
          ':pending': 'pending',
          ':detail': detail.value,
        },
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
}

/** The write that ties a verified, unused upload to a dossier (or feedback), in its transaction. */
export function useUpload(id: string, dossierCode: string): TransactPart {
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: key(id),
        UpdateExpression: 'SET usedBy = :code REMOVE expiresAt',
        ConditionExpression: '#status = :verified AND attribute_not_exists(usedBy)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':code': dossierCode, ':verified': 'verified' },
      },
    },
    failure: uploadAlreadyUsed,
  };
}

function strip(item: Record<string, unknown>): Upload {
  const { pk: _pk, sk: _sk, entity: _entity, shape: _shape, expiresAt: _expires, ...upload } = item;
  return upload as unknown as Upload;
}
