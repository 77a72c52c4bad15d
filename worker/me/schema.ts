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

export const meOutput = z.object({
  user: userSchema,
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
        resource: z.object({ kind: kindSchema, id: z.string(), name: z.string() }),
      }),
    )
    .describe('The most recent undecided join requests; summary.pendingRequests counts them all'),
});
