import { now } from '../../shared/clock.ts';
import { fifoQueueHandler } from '../../shared/messaging/batch.ts';
import { logger } from '../../shared/observability.ts';
import { attempt, fanOut } from '../../shared/services/deliveries.ts';
import type { DeliveryMessage } from '../../shared/services/delivery-queue.ts';

export const handler = fifoQueueHandler<DeliveryMessage>(async (message, record) => {
  if (message.kind === 'event') {
    const targets = await fanOut(message.event, now());
    logger.info('fanned out', { dossier: message.event.code, eventId: message.event.eventId, targets });
    return;
  }
  const outcome = await attempt(message, record.receiptHandle, now());
  logger.info('delivery', { target: message.target, eventId: message.eventId, outcome });
});
