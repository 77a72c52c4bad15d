import { z } from 'zod';
import { userSchema } from '../users/schema';

export const sessionInput = z.object({
  idToken: z.string().min(1).max(8192),
});

export const sessionOutput = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  user: userSchema,
});
