import type { DossierEvent } from '../domain/dossier-events.ts';
import { notificationsFor } from '../domain/notifications.ts';
import { send } from '../messaging/queues.ts';
import { getDossier } from '../persistence/dossiers.ts';

/** From a committed event to the notifications it calls for, one message each. */
export async function routeEvent(event: DossierEvent): Promise<number> {
  const dossier = await getDossier(event.code);
  if (!dossier) throw new Error(`event ${event.eventId} names an unknown dossier ${event.code}`);
  const notifications = notificationsFor(event, dossier.ownerSub, dossier.procedureName);
  for (const notification of notifications)
    await send('notifications', notification, { kind: notification.kind });
  return notifications.length;
}
