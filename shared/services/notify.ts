import { normalContact } from '../domain/contacts.ts';
import { type Notification, render } from '../domain/notifications.ts';
import { sendEmail, sendSms } from '../messaging/transports.ts';
import { count } from '../observability.ts';
import { getContact } from '../persistence/contacts.ts';
import { type Application, getApplication } from '../persistence/dossiers.ts';
import {
  type Channel,
  claimDelivery,
  DEFAULT_PREFERENCES,
  deliverInApp,
  deliveryDone,
  getPreferences,
} from '../persistence/notifications.ts';

/** Whether the person confirmed the address, or their issuer had verified it when they filed. */
async function confirmed(
  sub: string,
  channel: 'email' | 'sms',
  to: string,
  application: Application | undefined,
): Promise<boolean> {
  const address = normalContact(channel, to);
  const verified =
    channel === 'email' ? application?.verifiedContacts?.email : application?.verifiedContacts?.phone;
  if (verified && normalContact(channel, verified) === address) return true;
  return (await getContact(sub, channel, address))?.status === 'confirmed';
}

/**
 * Delivers one notification on every channel its recipient chose, each channel exactly
 * once however often the message arrives; email and SMS only to an address the applicant
 * confirmed. Officers are told in their unit's in-app inbox. A channel another sender is
 * still holding makes the message come back later: it is never dropped.
 */
export async function deliver(notification: Notification, now: Date): Promise<void> {
  const { recipient } = notification;
  const citizen = 'citizen' in recipient ? recipient.citizen : undefined;
  const preferences = citizen ? await getPreferences(citizen) : DEFAULT_PREFERENCES;
  const { subject, text } = render(notification.kind, notification.vars, preferences.language);
  const { id, at } = notification;
  const application = citizen ? await getApplication(notification.code) : undefined;
  const contact = application?.applicant;
  const channels: Channel[] = citizen ? preferences.channels : ['in-app'];
  let held = false;
  for (const channel of channels) {
    if (channel === 'in-app') {
      const owner = citizen ? { user: citizen } : { unit: 'unit' in recipient ? recipient.unit : '' };
      await deliverInApp(
        owner,
        { id, kind: notification.kind, code: notification.code, subject, text, at },
        now,
      );
      count('Notifications', { channel, outcome: 'delivered' });
      continue;
    }
    const to = channel === 'email' ? contact?.email : contact?.phone;
    if (!(to && (await confirmed(citizen!, channel, to, application)))) {
      count('Notifications', { channel, outcome: 'no-confirmed-address' });
      continue;
    }
    const claim = await claimDelivery(id, channel, now);
    held ||= claim === 'held';
    if (claim !== 'claimed') {
      count('Notifications', { channel, outcome: claim === 'held' ? 'held' : 'sent-before' });
      continue;
    }
    await (channel === 'email' ? sendEmail : sendSms)({ id, to, subject, text, at });
    await deliveryDone(id, channel, now);
    count('Notifications', { channel, outcome: 'sent' });
  }
  if (held)
    throw new Error(`notification ${id}: a channel is still held by another sender; it comes back later`);
}
