import { z } from 'zod';
import { meOutput } from '../me/schema';
import { languageInput, userSchema } from '../users/schema';

export const sessionInput = z.object({
  idToken: z.string().min(1).max(8192),
  /**
   * Also answer with what GET /api/me would: the app's first screen then needs no second request after
   * signing in (SPEC §7, first screen with data). Renewals of an expired session do not ask for it.
   */
  withMe: z.boolean().optional(),
  language: languageInput,
});

export const sessionOutput = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  user: userSchema,
  /** Present when the request asked for it (`withMe`). */
  me: meOutput.optional(),
});
