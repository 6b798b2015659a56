import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { now } from '../clock.ts';
import { ENV, resourceVariable } from '../env.ts';
import { traced } from '../observability.ts';

export interface OutgoingMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  at: string;
}

export type OutboxChannel = 'email' | 'sms';

/**
 * Email and SMS, by `NOTIFY_TRANSPORT`: `aws` sends email with SES v2 and SMS with SNS;
 * `outbox` (the local runtime) appends each message to a file, one JSON line per send, so
 * that a message sent twice is there twice, as SES and SNS would deliver it twice.
 */
const transport = () => resourceVariable(ENV.notifyTransport, 'notifies');

/**
 * Each channel's client is loaded with its first message: most deliveries are in-app only, and
 * a contact code goes by one channel, so a function does not start by loading both (SES and
 * SNS cost a cold start about 10 ms each).
 */
let ses: Promise<{ client: SESv2Client; SendEmail: typeof SendEmailCommand }> | undefined;
let sns: Promise<{ client: SNSClient; Publish: typeof PublishCommand }> | undefined;
const email = () =>
  (ses ??= import('@aws-sdk/client-sesv2').then((sdk) => ({
    client: traced(new sdk.SESv2Client({})),
    SendEmail: sdk.SendEmailCommand,
  })));
const sms = () =>
  (sns ??= import('@aws-sdk/client-sns').then((sdk) => ({
    client: traced(new sdk.SNSClient({})),
    Publish: sdk.PublishCommand,
  })));

export async function sendEmail(message: OutgoingMessage): Promise<void> {
  if (transport() === 'outbox') return appendToOutbox('email', message);
  const { client, SendEmail } = await email();
  await client.send(
    new SendEmail({
      FromEmailAddress: resourceVariable(ENV.notifyFromEmail, 'notifies'),
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
  if (transport() === 'outbox') return appendToOutbox('sms', { ...message, to: e164(message.to) });
  const { client, Publish } = await sms();
  await client.send(new Publish({ PhoneNumber: e164(message.to), Message: message.text }));
}

function appendToOutbox(channel: OutboxChannel, message: OutgoingMessage): void {
  const line = JSON.stringify({ ...message, channel, sentAt: now().toISOString() });
  appendFileSync(resourceVariable(ENV.notifyOutboxFile, 'notifies'), `${line}\n`);
}

/** What the local outbox holds, newest first. */
export function readOutbox(limit: number): (OutgoingMessage & { channel: OutboxChannel; sentAt: string })[] {
  const file = resourceVariable(ENV.notifyOutboxFile, 'notifies');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  return lines
    .slice(-limit)
    .reverse()
    .map((line) => JSON.parse(line));
}
