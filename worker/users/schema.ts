import { z } from 'zod';

export const userSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  pictureUrl: z.string().nullable(),
});

/** What migration 0009 stores: a BCP 47 tag's shape (language, then subtags), at most 35 characters. */
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;
const LANGUAGE_TAG_MAX = 35;

/** The tag in its canonical case and form ('EN-us' → 'en-US'), or null when it is no well-formed tag. */
export function canonicalLanguage(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical && canonical.length <= LANGUAGE_TAG_MAX && LANGUAGE_TAG.test(canonical)
      ? canonical
      : null;
  } catch {
    return null;
  }
}

/**
 * The person's LINE language (LIFF), for the language of their LINE messages. Something else (no tag, a
 * malformed or overlong one, another type) is ignored, never refused: it must not stop anyone signing in.
 */
export const languageInput = z
  .string()
  .max(LANGUAGE_TAG_MAX)
  .regex(LANGUAGE_TAG)
  .transform((tag, ctx) => {
    const canonical = canonicalLanguage(tag);
    if (canonical === null) ctx.addIssue({ code: 'custom', message: 'not a BCP 47 language tag' });
    return canonical ?? z.NEVER;
  })
  .optional()
  .catch(undefined)
  .meta({
    description:
      "The user's LINE language (LIFF), a BCP 47 tag such as `ja` or `en-US`: their LINE messages are in Japanese when it is Japanese or unknown, in English otherwise. A missing or invalid tag is ignored (the stored one is kept).",
    example: 'ja',
  });
