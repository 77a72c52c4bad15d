import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../lib/errors';
import { cursorSchema, searchTextSchema } from '../lib/search';
import { groupRefSchema, kindSchema, roleSchema, userIdSchema } from '../resources/schema';

const errorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

export const accessQuery = z.object({
  cursor: cursorSchema.optional(),
  userId: userIdSchema.optional(),
  q: searchTextSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const userParam = z.object({ userId: userIdSchema });

export const exportQuery = z.object({
  resourceId: z.string().min(1).max(64).optional().describe('Only this account or group (its admins)'),
});

const resourceRef = z.object({
  kind: kindSchema,
  id: z.string(),
  name: z.string(),
  basicId: z.string().nullable(),
});

export const accessOutput = z.object({
  people: z.array(
    z.object({
      userId: z.string(),
      displayName: z.string(),
      pictureUrl: z.string().nullable(),
      lastSeenAt: z.iso
        .datetime()
        .nullable()
        .describe('Their last sign-in to Kengen; null when none is on record'),
      access: z.array(
        z.object({
          resource: resourceRef,
          role: roleSchema,
          source: z.enum(['direct', 'group']),
          group: groupRefSchema.nullable(),
        }),
      ),
    }),
  ),
  resourceCount: z.number().int(),
  nextCursor: z.string().nullable(),
  overdueReviews: z
    .object({
      total: z.number().int(),
      items: z.array(
        z.object({
          resource: resourceRef.omit({ basicId: true }),
          dueAt: z.iso.datetime(),
          reviewId: z
            .string()
            .nullable()
            .describe('The open review; null when the schedule is yet to open it'),
        }),
      ),
    })
    .nullable()
    .describe(
      'What the caller administers whose access review is overdue (SPEC §10), the most overdue first (at most 20; total counts them all); on the first page only (no cursor, no userId), null otherwise',
    ),
});

const refusalSchema = z.object({ code: errorCodeSchema, message: z.string() });
const linkRef = { group: groupRefSchema, account: groupRefSchema };

export const offboardingPlanOutput = z.object({
  userId: z.string(),
  displayName: z.string().nullable(),
  removals: z.array(
    z.object({
      resource: resourceRef.omit({ basicId: true }),
      role: roleSchema.nullable().describe('Their direct role; null when they only left invites or requests'),
      revokedInvites: z.number().int(),
      withdrawnRequests: z.number().int(),
      refusal: refusalSchema.nullable(),
    }),
  ),
  cuts: z.array(z.object({ ...linkRef, refusal: refusalSchema.nullable() })),
});

export const offboardOutput = z.object({
  userId: z.string(),
  results: z.array(
    z.object({
      resource: resourceRef.omit({ basicId: true }),
      role: roleSchema.nullable(),
      outcome: z.enum(['removed', 'withdrawn', 'refused']),
      code: errorCodeSchema.nullable(),
      message: z.string().nullable(),
      revokedInvites: z.number().int(),
      withdrawnRequests: z.number().int(),
    }),
  ),
  cuts: z.array(
    z.object({
      ...linkRef,
      outcome: z.enum(['cut', 'refused']),
      code: errorCodeSchema.nullable(),
      message: z.string().nullable(),
    }),
  ),
});
