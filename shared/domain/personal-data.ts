/**
 * What a text must lose before it becomes public (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15:
 * no personal data in what anyone may read): the own name, id number, phone, email and
 * address of the people it concerns as the system recorded them, and whatever looks like an
 * id number (CMND 9 digits, CCCD 12), a Vietnamese phone number or an email, however it is
 * written — upper or lower case, with or without its diacritics, composed or decomposed
 * (NFD), its digits spaced, dotted or dashed. Each is replaced by MASK. Pure.
 */
export const MASK = '***';

/** What of the people a text concerns the system has recorded. */
export interface PersonalData {
  names: string[];
  idNumbers: string[];
  phones: string[];
  emails: string[];
  addresses: string[];
}

/** One person as a record holds them; any part may be missing. */
export interface Person {
  fullName?: string | undefined;
  idNumber?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  address?: string | undefined;
}

/** The personal data of these people, each value once. */
export function personalDataOf(...people: readonly (Person | undefined)[]): PersonalData {
  const values = (pick: (person: Person) => string | undefined) => [
    ...new Set(
      people
        .map((person) => (person ? pick(person)?.trim() : undefined))
        .filter((value): value is string => Boolean(value)),
    ),
  ];
  return {
    names: values((person) => person.fullName),
    idNumbers: values((person) => person.idNumber),
    phones: values((person) => person.phone),
    emails: values((person) => person.email),
    addresses: values((person) => person.address),
  };
}

export const noPersonalData = (): PersonalData => personalDataOf();

/**
 * One character for each UTF-16 unit of the text, so that a match in the folded text is the
 * same span of the text: lower case, diacritics and đ folded to their base letter,
 * compatibility forms (full-width digits) to theirs.
 */
function fold(text: string): string {
  let folded = '';
  for (const character of text) {
    const base = character.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
    folded += base.length === character.length ? base : character;
  }
  return folded;
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Between two digits of one number: a space, a dot, a dash, a slash, a bracket — up to three. */
const GAP = '[\\s.\\-‐‑‒–—_/()]{0,3}';
/** A run of digits written with gaps, possibly after a `+` or `(+` (an international phone number). */
const NUMBER = new RegExp(`(?:\\(?\\+\\s?)?\\d(?:${GAP}\\d)*`, 'g');
/** The fewest digits of a number withheld whatever it is: a CMND has 9, a CCCD 12, a phone 10. */
const MIN_PERSONAL_DIGITS = 9;
/** The fewest digits of a recorded number that still point to it. */
const MIN_RECORDED_PART = 6;
/** An amount of money (thousands grouped, then the currency) is not about a person. */
const MONEY = /^\d{1,3}(?:[. ,]\d{3})+$/;
const CURRENCY = /^\s?(?:dong|d|vnd)(?![\p{L}\p{N}])/u;
/** A dossier's code is public (it is how the public page names a late dossier). */
const DOSSIER_CODE = /\d{3}\.\d{2}\.\d{2}\.[a-z]\d{2}-\d{6}-\d{4,5}/g;
/** An email, also written `name (at) host (dot) vn`; each part bounded, so that no text costs more than its length. */
const EMAIL =
  /[a-z0-9][a-z0-9._%+-]{0,63}\s?(?:@|\(at\)|\[at\])\s?[a-z0-9-]{1,63}(?:\s?(?:\.|\(dot\)|\[dot\])\s?[a-z0-9-]{1,63}){1,8}/g;
const WORDS = /[\p{L}\p{N}]+/gu;
const WORD_EDGE_BEFORE = '(?<![\\p{L}\\p{N}])';
const WORD_EDGE_AFTER = '(?![\\p{L}\\p{N}])';
/** A name or address shorter than this (in letters) would take ordinary words with it. */
const MIN_TERM_LETTERS = 4;

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** A phone number as written locally (0…) and internationally (84…). */
function phoneForms(digits: string): string[] {
  if (digits.startsWith('84') && digits.length >= 10) return [digits, `0${digits.slice(2)}`];
  if (digits.startsWith('0')) return [digits, `84${digits.slice(1)}`];
  return [digits];
}

/** A term's words in order, anything but letters and digits (up to three) between them. */
function wordsPattern(term: string): RegExp | undefined {
  const words = fold(term.normalize('NFC')).match(WORDS) ?? [];
  if (words.join('').length < MIN_TERM_LETTERS) return undefined;
  return new RegExp(
    `${WORD_EDGE_BEFORE}${words.map(literal).join('[^\\p{L}\\p{N}]{0,3}')}${WORD_EDGE_AFTER}`,
    'gu',
  );
}

/** The first part of an address when it holds a house number: it alone points to a home. */
const streetOf = (address: string) => {
  const first = address.split(',')[0]!;
  return /\d/.test(first) && first !== address ? [first] : [];
};

type Span = [start: number, end: number];

function spans(pattern: RegExp, text: string, keep: (match: RegExpExecArray) => boolean = () => true) {
  const found: Span[] = [];
  for (const match of text.matchAll(pattern))
    if (keep(match)) found.push([match.index, match.index + match[0].length]);
  return found;
}

/** The spans of numbers to withhold: long ones whatever they are, and the recorded ones. */
function numberSpans(folded: string, known: PersonalData): Span[] {
  // Dossier codes are public: their digits are read as letters here.
  const scanned = folded.replace(DOSSIER_CODE, (code) => 'x'.repeat(code.length));
  const recorded = new Set([
    ...known.idNumbers.map(digitsOf),
    ...known.phones.flatMap((phone) => phoneForms(digitsOf(phone))),
  ]);
  const recordedList = [...recorded].filter((digits) => digits.length >= MIN_RECORDED_PART);
  return spans(NUMBER, scanned, (match) => {
    const digits = digitsOf(match[0]);
    // A recorded number within a longer one, or a good part of it (its last digits) alone.
    const partOfRecorded =
      digits.length >= MIN_RECORDED_PART && recordedList.some((one) => one.includes(digits));
    if (partOfRecorded || recordedList.some((one) => digits.includes(one))) return true;
    if (digits.length < MIN_PERSONAL_DIGITS) return false;
    const after = scanned.slice(match.index + match[0].length);
    return !(MONEY.test(match[0].trim()) && CURRENCY.test(after));
  });
}

/** The text with every piece of personal data replaced by MASK. */
export function scrubPersonalData(text: string, known: PersonalData = noPersonalData()): string {
  // Invisible format characters (zero-width spaces and joiners) could split a number or a name.
  const shown = text.normalize('NFC').replace(/\p{Cf}/gu, '');
  const folded = fold(shown);
  const terms = [...known.names, ...known.addresses, ...known.addresses.flatMap(streetOf), ...known.emails]
    .map(wordsPattern)
    .filter((pattern): pattern is RegExp => pattern !== undefined);
  const found = [
    ...numberSpans(folded, known),
    ...spans(EMAIL, folded),
    ...terms.flatMap((pattern) => spans(pattern, folded)),
  ].sort((a, b) => a[0] - b[0]);
  let scrubbed = '';
  let from = 0;
  let at = 0;
  while (at < found.length) {
    const [start] = found[at]!;
    let end = found[at]![1];
    // Overlapping or touching spans are one piece: one mask.
    while (at + 1 < found.length && found[at + 1]![0] <= end) end = Math.max(end, found[++at]![1]);
    scrubbed += `${shown.slice(from, start)}${MASK}`;
    from = end;
    at += 1;
  }
  return scrubbed + shown.slice(from);
}
