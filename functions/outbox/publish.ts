import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { type DossierEvent, HOP_SENDING_EVENTS } from '../../shared/domain/dossier-events.ts';
import { send } from '../../shared/messaging/queues.ts';
import { lambdaHandler } from '../../shared/observability.ts';

/**
 * The outbox: every history event committed with its dossier leaves through the table's
 * stream to `dossier-events` and `indicators` and, grouped by dossier, to the FIFO `deliveries` queue (for
 * other systems); an event that sends a hop also to the FIFO `handoffs` queue. Records go out one by one in stream order; the first failure
 * is reported so that the retry resumes there. A retried record may reach `dossier-events`
 * twice (its consumers are idempotent); the FIFO queues drop the resend by its deduplication id.
 */
export const handler = lambdaHandler(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image?.entity?.S !== 'event') continue;
    const {
      pk: _pk,
      sk: _sk,
      entity: _entity,
      gsi1pk: _hour,
      gsi1sk: _order,
      ...body
    } = unmarshall(image as Record<string, AttributeValue>) as Record<string, unknown> & DossierEvent;
    const attributes = { type: body.type, code: body.code, eventId: body.eventId };
    try {
      await send('dossierEvents', body, attributes);
      await send('indicators', body, attributes);
      await send('deliveries', { kind: 'event', event: body }, attributes, {
        groupId: body.code,
        deduplicationId: body.eventId,
      });
      if (HOP_SENDING_EVENTS.includes(body.type)) {
        await send('handoffs', body, attributes, { groupId: body.code, deduplicationId: body.eventId });
      }
    } catch {
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb!.SequenceNumber! }] };
    }
  }
  return { batchItemFailures: [] };
});
