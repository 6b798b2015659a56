import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { type DossierEvent, fetchesFiles, sendsHop } from '../../shared/domain/dossier-events.ts';
import { type FeedbackEvent, feedbackNotifications, tallyOf } from '../../shared/domain/feedback.ts';
import { send } from '../../shared/messaging/queues.ts';
import { lambdaHandler } from '../../shared/observability.ts';

/**
 * The outbox: every history event committed with its dossier leaves through the table's
 * stream to `dossier-events` and `indicators` and, grouped by dossier, to the FIFO `deliveries` queue (for
 * other systems); an event that sends a hop also to the FIFO `handoffs` queue, and a submission
 * whose files another channel named by address to `channel-files`. A step of
 * feedback goes to `indicators` (what it counts, without words or author) and, as the
 * notifications it calls for, to `notifications`. Records go out one by one in stream order;
 * the first failure is reported so that the retry resumes there. A retried record may reach
 * the standard queues twice (their consumers are idempotent); the FIFO queues drop the resend
 * by its deduplication id.
 */
export const handler = lambdaHandler(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const publish = record.eventName === 'INSERT' && PUBLISHERS[image?.entity?.S ?? ''];
    if (!publish) continue;
    const {
      pk: _pk,
      sk: _sk,
      entity: _entity,
      gsi1pk: _hour,
      gsi1sk: _order,
      ...body
    } = unmarshall(image as Record<string, AttributeValue>);
    try {
      await publish(body);
    } catch {
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb!.SequenceNumber! }] };
    }
  }
  return { batchItemFailures: [] };
});

const PUBLISHERS: Record<string, (body: Record<string, unknown>) => Promise<void>> = {
  event: (body) => publishDossierEvent(body as unknown as DossierEvent),
  'feedback-event': (body) => publishFeedbackEvent(body as unknown as FeedbackEvent),
};

async function publishDossierEvent(body: DossierEvent): Promise<void> {
  const attributes = { type: body.type, code: body.code, eventId: body.eventId };
  await send('dossierEvents', body, attributes);
  await send('indicators', body, attributes);
  await send('deliveries', { kind: 'event', event: body }, attributes, {
    groupId: body.code,
    deduplicationId: body.eventId,
  });
  if (fetchesFiles(body)) await send('channelFiles', { code: body.code, eventId: body.eventId }, attributes);
  if (sendsHop(body)) {
    await send('handoffs', body, attributes, { groupId: body.code, deduplicationId: body.eventId });
  }
}

async function publishFeedbackEvent(body: FeedbackEvent): Promise<void> {
  await send('indicators', tallyOf(body), {
    type: body.type,
    feedbackId: body.feedbackId,
    eventId: body.eventId,
  });
  for (const notification of feedbackNotifications(body))
    await send('notifications', notification, { kind: notification.kind });
}
