import type { DossierEvent } from '../domain/dossier-events.ts';
import { type Notification, notificationsFor, render } from '../domain/notifications.ts';
import { send } from '../messaging/queues.ts';
import { sendEmail, sendSms } from '../messaging/transports.ts';
import { getApplication, getDossier } from '../persistence/dossiers.ts';
import {
  type Channel,
  claimDelivery,
  DEFAULT_PREFERENCES,
  deliveryDone,
  getPreferences,
  putInboxItem,
} from '../persistence/notifications.ts';

/** From a committed event to the notifications it calls for, one message each. */
export async function routeEvent(event: DossierEvent): Promise<number> {
  const dossier = await getDossier(event.code);
  if (!dossier) throw new Error(`event ${event.eventId} names an unknown dossier ${event.code}`);
  const notifications = notificationsFor(event, dossier.ownerSub, dossier.procedureName);
  for (const notification of notifications)
    await send('notifications', notification, { kind: notification.kind });
  return notifications.length;
}

/**
 * Delivers one notification on every channel its recipient chose, each channel exactly
 * once however often the message arrives. Officers are told in their unit's in-app inbox.
 */
export async function deliver(notification: Notification, now: Date): Promise<void> {
  const { recipient } = notification;
  const citizen = 'citizen' in recipient ? recipient.citizen : undefined;
  const preferences = citizen ? await getPreferences(citizen) : DEFAULT_PREFERENCES;
  const { subject, text } = render(notification.kind, notification.vars, preferences.language);
  const { at } = notification;
  const contact = citizen ? (await getApplication(notification.code))?.applicant : undefined;
  const channels: Channel[] = citizen ? preferences.channels : ['in-app'];
  for (const channel of channels) {
    const to = channel === 'email' ? contact?.email : channel === 'sms' ? contact?.phone : undefined;
    if (channel !== 'in-app' && !to) continue;
    if (!(await claimDelivery(notification.id, channel, now))) continue;
    const message = { id: notification.id, to: to ?? '', subject, text, at };
    if (channel === 'email') await sendEmail(message);
    else if (channel === 'sms') await sendSms(message);
    else {
      const owner = citizen ? { user: citizen } : { unit: 'unit' in recipient ? recipient.unit : '' };
      await putInboxItem(owner, {
        id: notification.id,
        kind: notification.kind,
        code: notification.code,
        subject,
        text,
        at,
      });
    }
    await deliveryDone(notification.id, channel, now);
  }
}
