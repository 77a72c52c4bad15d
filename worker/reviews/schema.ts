import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../lib/errors';
import { cursorSchema } from '../lib/search';
import { grantSchema, kindSchema, roleSchema, userIdSchema } from '../resources/schema';

export const reviewIdParam = z.object({ reviewId: z.uuid() });
export const reviewItemParam = z.object({ reviewId: z.uuid(), userId: userIdSchema });

export const decisionSchema = z.enum(['keep', 'remove']);
export type Decision = z.infer<typeof decisionSchema>;

export const decideInput = z.object({ decision: decisionSchema });

const errorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);
const personSchema = z.object({ userId: z.string(), displayName: z.string() });

export const reviewItemSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: roleSchema.describe('The combined role when the review opened'),
  grants: z.array(grantSchema).describe('Each grant and its source when the review opened'),
  since: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().nullable().describe('The last sign-in to Kengen before the review opened'),
  decision: decisionSchema.nullable(),
  decidedBy: personSchema.nullable(),
  decidedAt: z.iso.datetime().nullable(),
  outcome: z
    .enum(['kept', 'removed', 'refused'])
    .nullable()
    .describe(
      'What completing did; null while open, or on a completed review for a "remove" whose removal was cut off (completing again applies it)',
    ),
  outcomeCode: errorCodeSchema.nullable(),
});

export const reviewSchema = z.object({
  id: z.string(),
  status: z.enum(['open', 'completed']),
  resource: z.object({ kind: kindSchema, id: z.string(), name: z.string() }),
  dueAt: z.iso.datetime().describe('To be completed by'),
  startedAt: z.iso.datetime(),
  startedBy: personSchema.nullable().describe('Null when the schedule opened it'),
  completedAt: z.iso.datetime().nullable(),
  completedBy: personSchema.nullable(),
  items: z.array(reviewItemSchema),
});

export const reviewOutput = z.object({ review: reviewSchema });
export const itemOutput = z.object({ item: reviewItemSchema });

export const completeOutput = z.object({
  removed: z.array(
    personSchema.extend({
      throughGroups: z
        .array(z.object({ id: z.string(), name: z.string() }))
        .describe('Groups that still gave them access when the review opened: changed on the group'),
    }),
  ),
  kept: z.array(personSchema),
  refused: z.array(personSchema.extend({ code: errorCodeSchema, message: z.string() })),
});

export const pastReviewsQuery = z.object({
  cursor: cursorSchema
    .optional()
    .describe('The nextCursor of the previous page; none for the newest reviews'),
});

export const pastReviewsOutput = z.object({
  reviews: z
    .array(
      z.object({
        id: z.string(),
        status: z.enum(['open', 'completed']),
        startedAt: z.iso.datetime(),
        dueAt: z.iso.datetime(),
        completedAt: z.iso.datetime().nullable(),
        completedBy: personSchema.nullable(),
        counts: z
          .object({
            kept: z.number().int(),
            removed: z.number().int(),
            refused: z.number().int(),
            pending: z
              .number()
              .int()
              .describe(
                'Marked remove but not removed yet: a cut-off completion, finished by completing again',
              ),
          })
          .describe('What completing did, person by person'),
      }),
    )
    .describe('The newest first (by start, then id), at most 20 a page'),
  total: z.number().int().describe('How many reviews the resource has had, on every page'),
  nextCursor: z
    .string()
    .nullable()
    .describe('Pass as cursor for the older reviews after this page; null when there are none'),
});
