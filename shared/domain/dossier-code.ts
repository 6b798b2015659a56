import { localDate } from './calendar.ts';

/**
 * Mã hồ sơ: `<receiving agency code>-<yymmdd>-<daily sequence>`, e.g.
 * `000.01.30.H19-261128-0001`, the date in Asia/Ho_Chi_Minh.
 *
 * The sequence has four digits. A unit receiving more than 9,999 dossiers in one day (ten
 * times the busiest commune seen) gets five-digit sequences from 10000 on: no submission
 * is ever refused for want of a number, and codes stay unique.
 */
export function dossierCode(agencyCode: string, receivedAt: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1)
    throw new RangeError(`sequence must be a positive integer: ${sequence}`);
  return `${agencyCode}-${codeDay(receivedAt)}-${String(sequence).padStart(4, '0')}`;
}

/** `yymmdd` of the Vietnamese date: the day the sequence counter belongs to. */
export const codeDay = (at: Date): string => localDate(at).slice(2).replaceAll('-', '');

export const DOSSIER_CODE = /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{6})-(\d{4,5})$/;
