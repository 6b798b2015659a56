import { randomBytes, randomUUID } from 'node:crypto';
import {
  CODE_ATTEMPTS,
  CODE_MINUTES,
  CODES_PER_HOUR,
  type ContactChannel,
  codeHash,
  codeMessage,
  confirmationCode,
  normalContact,
  sameCode,
} from '../domain/contacts.ts';
import { DomainError, invalidField, tooManyRequests } from '../domain/errors.ts';
import type { Language } from '../http/language.ts';
import { sendEmail, sendSms } from '../messaging/transports.ts';
import { countAttempt, getContact, markConfirmed, putPendingContact } from '../persistence/contacts.ts';
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

export async function confirm(sub: string, channel: ContactChannel, given: string, code: string, now: Date) {
  const address = normalContact(channel, given);
  const contact = await getContact(sub, channel, address);
  if (contact?.status === 'confirmed') return { channel, address, status: 'confirmed' as const };
  const attempts = contact?.attempts ?? 0;
  if (!contact?.codeHash || Date.parse(contact.codeExpiresAt ?? '') < now.getTime()) throw noCodePending();
  if (attempts >= CODE_ATTEMPTS) {
    throw tooManyRequests(
      { vi: 'Nhập sai quá nhiều lần; hãy yêu cầu mã mới.', en: 'Too many wrong codes; ask for a new one.' },
      Math.max(1, Math.ceil((Date.parse(contact.codeExpiresAt!) - now.getTime()) / 1000)),
    );
  }
  if (sameCode(contact.codeHash, code) && (await markConfirmed(sub, channel, address, attempts, now)))
    return { channel, address, status: 'confirmed' as const, confirmedAt: now.toISOString() };
  if (!(await countAttempt(sub, channel, address))) {
    // Confirmed by a request alongside, or gone: answer as if this one came after.
    if ((await getContact(sub, channel, address))?.status === 'confirmed')
      return { channel, address, status: 'confirmed' as const };
    throw noCodePending();
  }
  throw invalidField('body.code', 'wrong_code', {
    vi: `Mã không đúng; còn ${CODE_ATTEMPTS - attempts - 1} lần thử.`,
    en: `Wrong code; ${CODE_ATTEMPTS - attempts - 1} tries left.`,
  });
}

const noCodePending = () =>
  new DomainError('not-available-yet', {
    vi: 'Không có mã xác nhận còn hiệu lực cho địa chỉ này; hãy yêu cầu mã mới.',
    en: 'There is no valid code for this address; ask for a new one.',
  });
