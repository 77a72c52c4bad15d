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

export const standinFriendshipQuery = z.object({ userId: z.string().min(1).max(64) });

/** The demo's person adds the bot as a friend (follow) or blocks it (unfollow), as they would in LINE. */
export const standinFollowInput = z.object({
  userId: z.string().min(1).max(64),
  follow: z.boolean(),
});

/** The stand-in refuses (or accepts again) every push to this person, as LINE refuses one it cannot deliver. */
export const standinRefuseInput = z.object({
  userId: z.string().min(1).max(64),
  refuse: z.boolean(),
});

/** Notifications written at or after this moment (ms since the epoch). */
export const standinDeliveriesQuery = z.object({ since: z.coerce.number().int().min(0) });

/** A broadcast as LINE checks its shape: 1–5 messages. */
export const standinBroadcastInput = z.object({
  messages: z
    .array(z.looseObject({ type: z.string().min(1) }))
    .min(1)
    .max(5),
});

/** LINE's insight date: yyyyMMdd. */
export const standinFollowersQuery = z.object({ date: z.string().regex(/^\d{8}$/) });

export const standinBroadcastsQuery = z.object({ basicId: z.string().min(2).max(21) });
