import { z } from 'zod';

export const devIdTokenInput = z.object({
  userId: z.string().min(1).max(64),
  displayName: z.string().min(1).max(100),
  pictureUrl: z.url({ protocol: /^https$/ }).optional(),
});

/** What the stand-in checks of a push: LINE's own limits on the request's shape (1–5 messages). */
export const standinPushInput = z.object({
  to: z.string().min(1).max(64),
  messages: z
    .array(z.looseObject({ type: z.string().min(1) }))
    .min(1)
    .max(5),
});

export const standinPushesQuery = z.object({ to: z.string().min(1).max(64) });
