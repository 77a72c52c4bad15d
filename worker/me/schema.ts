import { z } from 'zod';
import { cursorSchema, searchTextSchema } from '../lib/search';
import { grantSchema, kindSchema, roleSchema } from '../resources/schema';
import { userSchema } from '../users/schema';

const myResourceSchema = z.object({
  kind: kindSchema,
  id: z.string(),
  name: z.string(),
  basicId: z.string().nullable(),
  role: roleSchema,
  source: z.enum(['direct', 'group']),
  grants: z.array(grantSchema),
  adminCount: z.number().int(),
});

const nextCursorSchema = z
  .string()
  .nullable()
  .describe('For GET /api/me/resources: the page after this one; null when there is none');

export const myResourcesQuery = z.object({
  kind: kindSchema,
  cursor: cursorSchema.optional(),
  q: searchTextSchema.optional().describe('Part of the name'),
  directAdmin: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'true: only accounts the caller directly administers, which they may put into a group (rule 11)',
    ),
});

export const myResourcesOutput = z.object({
  resources: z.array(myResourceSchema),
  nextCursor: nextCursorSchema,
});

const resourceRefSchema = z.object({ kind: kindSchema, id: z.string(), name: z.string() });

export const notificationsSettingSchema = z.object({
  enabled: z.boolean().describe('The person has not turned LINE notifications off'),
  reachable: z.boolean().describe('The person is a friend of the Kengen bot, so LINE lets it talk to them'),
});

export const notificationsInput = z.object({ enabled: z.boolean() });
export const notificationsOutput = z.object({ enabled: z.boolean() });

const waitingSchema = z.object({
  requests: z
    .object({
      total: z.number().int(),
      items: z.array(
        z.object({
          id: z.string(),
          role: roleSchema,
          createdAt: z.iso.datetime(),
          requester: z.object({ userId: z.string(), displayName: z.string() }),
          resource: resourceRefSchema,
        }),
      ),
    })
    .describe('Undecided join requests the caller may decide, the most recent first; total counts them all'),
  expiringInvites: z
    .object({
      total: z.number().int(),
      items: z.array(
        z.object({
          id: z.string(),
          role: roleSchema,
          expiresAt: z.iso.datetime(),
          resource: resourceRefSchema,
        }),
      ),
    })
    .describe('Pending invites the caller issued that expire within 3 hours, the soonest first'),
  reviews: z
    .object({
      total: z.number().int(),
      items: z.array(
        z.object({
          id: z.string(),
          dueAt: z.iso.datetime(),
          overdue: z.boolean(),
          resource: resourceRefSchema,
        }),
      ),
    })
    .describe(
      'Open access reviews (SPEC §10) of what the caller directly administers, the soonest due first; total counts them all',
    ),
});

export const meOutput = z.object({
  user: userSchema,
  notifications: notificationsSettingSchema,
  summary: z.object({
    accounts: z.number().int().describe('Distinct accounts the caller reaches, directly or through a group'),
    groups: z.number().int(),
    administered: z.number().int().describe('Accounts and groups among them the caller administers'),
    pendingRequests: z.number().int().describe('All their undecided join requests'),
  }),
  resources: z
    .array(myResourceSchema)
    .describe('The first page of accounts, then the first page of groups, each by name then id'),
  nextCursor: z.object({ account: nextCursorSchema, group: nextCursorSchema }),
  pendingRequests: z
    .array(
      z.object({
        id: z.string(),
        role: roleSchema,
        createdAt: z.iso.datetime(),
        resource: resourceRefSchema,
      }),
    )
    .describe('The most recent undecided join requests; summary.pendingRequests counts them all'),
  waiting: waitingSchema.describe('What waits for the caller: ホーム shows it with its counts'),
});
