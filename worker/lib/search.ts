import { z } from 'zod';

/**
 * The one input policy of a list's name search (`q`): trimmed, 1..100 characters. A pattern, never stored,
 * so rule 13's name checks do not apply; `%` and `_` are matched literally (`containing`).
 */
export const searchTextSchema = z.string().trim().min(1).max(100);

/**
 * An opaque keyset cursor as a list route takes it: base64url of a name and an id. A name of 100 code points
 * is up to 400 bytes of UTF-8 (200 when every character needs a JSON escape), so the cursor after it is
 * up to about 600 characters.
 */
export const cursorSchema = z.string().max(800);

/** LIKE pattern (with `ESCAPE '\'`) for a name containing `text`; the user's % and _ are literal. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
