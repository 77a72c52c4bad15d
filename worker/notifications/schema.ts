import { z } from 'zod';
import { NOTIFICATION_KINDS } from './outbox';

export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);

export const failedNotificationsOutput = z.object({
  notifications: z
    .array(
      z.object({
        id: z.string(),
        kind: notificationKindSchema,
        recipient: z.object({ userId: z.string(), displayName: z.string() }),
        status: z.literal('failed'),
        attempts: z.number().int(),
        lastError: z.string().nullable().describe('What LINE (or the network) answered to the last attempt'),
        createdAt: z.iso.datetime(),
      }),
    )
    .describe('Undelivered after every retry, or refused by LINE; newest first, at most 50'),
});
