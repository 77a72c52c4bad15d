import { z } from 'zod';

/**
 * The part of LINE's webhook body that Kengen reads. Other event types and fields are let through untouched:
 * LINE adds new ones, and a call Kengen has nothing to do with still gets its 200.
 */
const webhookEvent = z.looseObject({
  type: z.string().max(64),
  timestamp: z.number().int().nonnegative(),
  source: z
    .looseObject({ type: z.string().max(64), userId: z.string().min(1).max(64).optional() })
    .optional(),
});

export const webhookInput = z.looseObject({
  destination: z.string().max(64).optional(),
  events: z.array(webhookEvent).max(1000),
});

export type WebhookInput = z.infer<typeof webhookInput>;
