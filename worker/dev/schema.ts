import { z } from 'zod';

export const devIdTokenInput = z.object({
  userId: z.string().min(1).max(64),
  displayName: z.string().min(1).max(100),
  pictureUrl: z.url({ protocol: /^https$/ }).optional(),
});
