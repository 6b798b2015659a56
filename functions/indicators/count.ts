import type { DossierEvent } from '../../shared/domain/dossier-events.ts';
import { queueHandler } from '../../shared/messaging/batch.ts';
import { countEvent } from '../../shared/services/indicators.ts';

export const handler = queueHandler<DossierEvent>((event) => countEvent(event, new Date()));
