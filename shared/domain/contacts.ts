import { createHash, timingSafeEqual } from 'node:crypto';
import type { Text } from './errors.ts';

/**
 * Contact details a person has proved are theirs: messages about a dossier go by email or
 * SMS only to an address its applicant confirmed (or the issuer verified). Pure.
 */
export type ContactChannel = 'email' | 'sms';

/** A code lasts this long, and allows this many wrong tries. */
export const CODE_MINUTES = 15;
export const CODE_ATTEMPTS = 5;
/** Codes a person may ask for in an hour. */
export const CODES_PER_HOUR = 5;

/** One spelling of an address: email in lower case, a phone in E.164 (+84…). */
export function normalContact(channel: ContactChannel, address: string): string {
  const trimmed = address.normalize('NFC').trim();
  if (channel === 'email') return trimmed.toLowerCase();
  const digits = trimmed.replace(/[\s.-]/g, '');
  return digits.startsWith('+') ? digits : `+84${digits.replace(/^0/, '')}`;
}

/** Six digits from random bytes. */
export const confirmationCode = (random: Uint8Array): string =>
  String(Buffer.from(random.subarray(0, 4)).readUInt32BE(0) % 1_000_000).padStart(6, '0');

export const codeHash = (code: string): string => createHash('sha256').update(code).digest('hex');

export const sameCode = (hash: string, code: string): boolean =>
  timingSafeEqual(Buffer.from(hash), Buffer.from(codeHash(code)));

export function codeMessage(code: string, language: 'vi' | 'en'): { subject: string; text: string } {
  const text: Text = {
    vi: `Mã xác nhận địa chỉ liên hệ trên Cổng dịch vụ công: ${code}. Mã có hiệu lực ${CODE_MINUTES} phút.`,
    en: `Your code to confirm this contact for the public service portal: ${code}. It is valid for ${CODE_MINUTES} minutes.`,
  };
  const subject: Text = { vi: 'Mã xác nhận liên hệ', en: 'Contact confirmation code' };
  return { subject: subject[language], text: text[language] };
}
