import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { putOutboxMessage } from '../persistence/notifications.ts';

export interface OutgoingMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  at: string;
}

/**
 * Email and SMS, by `NOTIFY_TRANSPORT`: `aws` sends email with SES v2 and SMS with SNS;
 * `outbox` (the local runtime) keeps them in the table for GET /dev/outbox.
 */
const ses = new SESv2Client({});
const sns = new SNSClient({});

export async function sendEmail(message: OutgoingMessage): Promise<void> {
  if (process.env.NOTIFY_TRANSPORT === 'outbox') return putOutboxMessage({ ...message, channel: 'email' });
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: process.env.NOTIFY_FROM_EMAIL,
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
        },
      },
    }),
  );
}

/** `0912345678` → `+84912345678`. */
export const e164 = (phone: string): string =>
  phone.startsWith('+') ? phone : `+84${phone.replace(/^0/, '')}`;

export async function sendSms(message: OutgoingMessage): Promise<void> {
  if (process.env.NOTIFY_TRANSPORT === 'outbox')
    return putOutboxMessage({ ...message, channel: 'sms', to: e164(message.to) });
  await sns.send(new PublishCommand({ PhoneNumber: e164(message.to), Message: message.text }));
}
