import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { lambdaHandler } from '../../shared/observability.ts';
import type { Upload } from '../../shared/persistence/uploads.ts';
import { deleteObject } from '../../shared/storage/files.ts';

/**
 * An upload never used by a dossier expires with its record (the table's time to live); its
 * file goes with it, from quarantine or from the clean prefix. A used upload has no expiry, so
 * no dossier's file is ever touched; the check below says so again. Deleting twice is harmless.
 */
export const handler = lambdaHandler(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  for (const record of event.Records) {
    const image = record.dynamodb?.OldImage;
    if (record.eventName !== 'REMOVE' || !image) continue;
    const upload = unmarshall(image as Record<string, AttributeValue>) as Upload & { entity?: string };
    if (upload.entity !== 'upload' || upload.usedBy) continue;
    try {
      await deleteObject(upload.key);
    } catch {
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb!.SequenceNumber! }] };
    }
  }
  return { batchItemFailures: [] };
});
