import { CODE_ATTEMPTS, type ContactChannel, normalContact, sameCode } from '../domain/contacts.ts';
import { DomainError, invalidField, tooManyRequests } from '../domain/errors.ts';
import { countAttempt, getContact, markConfirmed } from '../persistence/contacts.ts';

/**
 * Typing back the code sent by `requestConfirmation` (contacts.ts) proves the address is the
 * person's. Kept apart from sending, so that confirming loads no email or SMS client.
 */
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
