import { z } from 'zod';
import { CAPABILITIES, ROLES } from '../authz/roles';
import { NAME_MAX_LENGTH, nameProblem, normaliseName } from '../lib/text';

export const kindSchema = z.enum(['account', 'group']);
export type Kind = z.infer<typeof kindSchema>;

export const roleSchema = z.enum(ROLES);
export const capabilitySchema = z.enum(CAPABILITIES);

/**
 * Every name a person types (account, group, rename): normalised, then held to the one input policy
 * (lib/text). The length is counted in code points, as the SQL CHECK counts it, so the limit is a custom
 * check and the documented bounds are metadata; JSON Schema's maxLength counts code points too.
 */
const nameSchema = z
  .string()
  .overwrite(normaliseName)
  .superRefine((name, ctx) => {
    const problem = nameProblem(name);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
    }
  })
  .meta({ minLength: 1, maxLength: NAME_MAX_LENGTH });

/** LINE basic IDs look like `@123abcde`: an at sign, then lower-case letters, digits, `.`, `_` or `-`. */
const basicIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^@[0-9a-z._-]{1,20}$/, 'A basic ID is @ followed by letters, digits, ".", "_" or "-"');

export const createAccountInput = z.object({
  name: nameSchema,
  basicId: basicIdSchema.optional(),
});

export const createGroupInput = z.object({ name: nameSchema });

/** How often the resource's access is reviewed (SPEC §10); SQL holds the same bounds (migration 0011). */
export const reviewEveryDaysSchema = z
  .number()
  .int()
  .min(7)
  .max(730)
  .describe('Days between access reviews (default 90)');

export const updateResourceInput = z
  .object({
    name: nameSchema.optional(),
    requireApproval: z.boolean().optional(),
    reviewEveryDays: reviewEveryDaysSchema.optional(),
  })
  .refine(
    (input) =>
      input.name !== undefined || input.requireApproval !== undefined || input.reviewEveryDays !== undefined,
    { message: 'Give name, requireApproval or reviewEveryDays' },
  );

export const idParam = z.object({ id: z.uuid() });

/** A LINE user id as stored (users.id is 1..64 characters). */
export const userIdSchema = z.string().min(1).max(64);

export const permissionsQuery = z.object({ userId: userIdSchema.optional() });

export const groupRefSchema = z.object({ id: z.string(), name: z.string() });

export const grantSchema = z.discriminatedUnion('source', [
  z.object({ role: roleSchema, source: z.literal('direct') }),
  z.object({ role: roleSchema, source: z.literal('group'), group: groupRefSchema }),
]);

export const resourceSchema = z.object({
  id: z.string(),
  kind: kindSchema,
  name: z.string(),
  basicId: z.string().nullable(),
  requireApproval: z.boolean(),
  createdAt: z.iso.datetime(),
});

/** Where the resource's access reviews stand (SPEC §10), for its admins. */
export const reviewStateSchema = z
  .object({
    everyDays: z.number().int(),
    dueAt: z.iso
      .datetime()
      .nullable()
      .describe('The open review’s deadline, or else when the next review opens'),
    openReviewId: z.string().nullable(),
  })
  .nullable()
  .describe('Null for anyone but its admins');

export const accessSchema = z.object({
  role: roleSchema,
  source: z.enum(['direct', 'group']),
  grants: z.array(grantSchema),
  capabilities: z.array(capabilitySchema),
  adminCount: z.number().int(),
  review: reviewStateSchema,
});

export const memberSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  pictureUrl: z.string().nullable(),
  role: roleSchema.describe('The effective role: the union of every grant'),
  grants: z.array(grantSchema),
  since: z.iso.datetime(),
  addedBy: z.object({ userId: z.string(), displayName: z.string() }).nullable(),
});

export const membersOutput = z.object({
  members: z.array(memberSchema),
  adminCount: z.number().int(),
  seats: z
    .number()
    .int()
    .describe(
      'Distinct people reaching it, directly or through a group, plus open invites and join requests',
    ),
  limit: z.number().int(),
});

export const permissionsOutput = z.object({
  userId: z.string(),
  role: roleSchema.nullable(),
  grants: z.array(grantSchema),
  capabilities: z.array(capabilitySchema),
});
