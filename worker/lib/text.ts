/**
 * The one input policy for names (SPEC §4 rule 13): what the API refuses in a name a person types, and how a
 * display name that LINE hands us is cleaned instead, since nobody can be refused sign-in for their LINE name.
 */

/** The SQL CHECKs allow 1..100 characters, and SQLite's length() counts code points, not UTF-16 units. */
export const NAME_MAX_LENGTH = 100;

/** Shown for a LINE user whose display name has nothing left once cleaned. */
export const DISPLAY_NAME_FALLBACK = 'LINEユーザー';

// Control characters (C0, DEL, C1), lone surrogates (a JSON "\ud800" escape, which no UTF-8 store can hold),
// line and paragraph separators, and the bidi controls that reorder the text around them so a name can
// display as something else (override, embedding, isolate) plus the directional marks.
const FORBIDDEN = /[\p{Cc}\p{Cs}\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');

// Characters that draw nothing by themselves: default-ignorable ones (zero-width space and joiners, U+2060,
// U+FEFF, Hangul fillers, variation selectors…), white space and combining marks with no base to sit on.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{White_Space}\p{M}]/gu;

export function hasForbiddenCharacter(text: string): boolean {
  return FORBIDDEN.test(text);
}

export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

function describe(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (/\p{Cc}/u.test(char)) return `${hex} (a control character)`;
  if (/\p{Cs}/u.test(char)) return `${hex} (half of a surrogate pair, not a character)`;
  if (code === 0x2028 || code === 0x2029) return `${hex} (a line break)`;
  return `${hex} (a bidirectional control, which can make text display reversed)`;
}

/** Trimmed and NFC-normalised: the form a name is checked and stored in. */
export function normaliseName(raw: string): string {
  return raw.normalize('NFC').trim();
}

/** Why a normalised name is refused, in words a developer can act on; undefined when it is acceptable. */
export function nameProblem(name: string): string | undefined {
  const forbidden = FORBIDDEN.exec(name);
  if (forbidden) {
    return `must not contain ${describe(forbidden[0])}`;
  }
  if (name.replace(INVISIBLE, '') === '') {
    return 'must contain a visible character';
  }
  const length = codePointLength(name);
  if (length > NAME_MAX_LENGTH) {
    return `must be at most ${NAME_MAX_LENGTH} characters (got ${length})`;
  }
  return undefined;
}

/**
 * A LINE display name as it can be stored: forbidden characters removed, NFC, trimmed, cut to the length
 * limit at a code point boundary; the neutral fallback when nothing visible is left.
 */
export function cleanDisplayName(raw: string | undefined): string {
  const stripped = normaliseName((raw ?? '').replace(FORBIDDEN_ALL, ''));
  const cut = Array.from(stripped).slice(0, NAME_MAX_LENGTH).join('').trim();
  return nameProblem(cut) === undefined ? cut : DISPLAY_NAME_FALLBACK;
}
