import { randomBytes, randomUUID } from 'node:crypto';
import {
  CODE_MINUTES,
  CODES_PER_HOUR,
  type ContactChannel,
  codeHash,
  codeMessage,
  confirmationCode,
  normalContact,
} from '../domain/contacts.ts';
import { tooManyRequests } from '../domain/errors.ts';
import type { Language } from '../http/language.ts';
import { sendEmail, sendSms } from '../messaging/transports.ts';
import { getContact, putPendingContact } from '../persistence/contacts.ts';
import { hit } from '../persistence/rate-limits.ts';

/**
 * Xác nhận liên hệ: a code goes to the address; typing it back proves the address is the
 * person's. Only then do messages about their dossiers go there (unless their issuer had
 * verified it already).
 */
export async function requestConfirmation(
  sub: string,
  channel: ContactChannel,
  given: string,
  language: Language,
  now: Date,
): Promise<{
  channel: ContactChannel;
  address: string;
  status: 'pending' | 'confirmed';
  codeExpiresAt?: string;
}> {
  const address = normalContact(channel, given);
  const known = await getContact(sub, channel, address);
  if (known?.status === 'confirmed') return { channel, address, status: 'confirmed' };
  const asked = await hit(`contact-codes#${sub}`, 3600, now);
  if (asked.hits > CODES_PER_HOUR) {
    throw tooManyRequests(
      { vi: 'Đã gửi quá nhiều mã; hãy thử lại sau.', en: 'Too many codes sent; try again later.' },
      asked.resetsIn,
    );
  }
  const code = confirmationCode(randomBytes(4));
  const expires = new Date(now.getTime() + CODE_MINUTES * 60_000);
  await putPendingContact(
    sub,
    {
      channel,
      address,
      status: 'pending',
      codeHash: codeHash(code),
      codeExpiresAt: expires.toISOString(),
      attempts: 0,
    },
    expires,
  );
  const message = {
    id: `contact:${randomUUID()}`,
    to: address,
    at: now.toISOString(),
    ...codeMessage(code, language),
  };
  if (channel === 'email') await sendEmail(message);
  else await sendSms(message);
  return { channel, address, status: 'pending', codeExpiresAt: expires.toISOString() };
}
