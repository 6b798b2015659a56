import { now } from '../../shared/clock.ts';
import type { DossierEvent } from '../../shared/domain/dossier-events.ts';
import { fifoQueueHandler } from '../../shared/messaging/batch.ts';
import { count, logger } from '../../shared/observability.ts';
import { handOff } from '../../shared/services/handoffs.ts';

export const handler = fifoQueueHandler<DossierEvent>(async (event, record) => {
  const outcome = await handOff(event, record.messageId, now());
  logger.info('hop', { dossier: event.code, hop: event.seq, toUnit: event.toUnit, outcome });
  if (outcome !== 'already-handled') count('Hops', { outcome });
});
