import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { send } from '../../shared/messaging/queues.ts';

/**
 * The outbox: every history event committed with its dossier leaves through the table's
 * stream to `dossier-events`. Records go out one by one in stream order; the first failure
 * is reported so that the retry resumes there and no event is sent twice.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image?.entity?.S !== 'event') continue;
    const {
      pk: _pk,
      sk: _sk,
      entity: _entity,
      ...body
    } = unmarshall(image as Record<string, AttributeValue>);
    try {
      await send('dossierEvents', body, {
        type: String(body.type),
        code: String(body.code),
        eventId: String(body.eventId),
      });
    } catch {
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb!.SequenceNumber! }] };
    }
  }
  return { batchItemFailures: [] };
}
