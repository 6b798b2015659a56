import type { DossierEvent } from '../../shared/domain/dossier-events.ts';
import { queueHandler } from '../../shared/messaging/batch.ts';
import { routeEvent } from '../../shared/services/route-notifications.ts';

export const handler = queueHandler<DossierEvent>((event) => routeEvent(event));
