import { z } from 'zod';
import { codePointLength, nameProblem, normaliseName } from '../lib/text';
import { kindSchema, roleSchema } from '../resources/schema';

/** A memo of whom an invite is for, as the CHECK of migration 0010 allows it. */
export const INVITE_MEMO_MAX_LENGTH = 50;

/**
 * Whom the invite is for (「新宿店の田中さん」): the input policy of names (lib/text), at most 50 characters;
 * an empty or blank memo is no memo. Only the resource's admins ever see it.
 */
const memoSchema = z
  .string()
  .overwrite(normaliseName)
  .superRefine((memo, ctx) => {
    if (memo === '') return;
    const problem = nameProblem(memo);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
    } else if (codePointLength(memo) > INVITE_MEMO_MAX_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        message: `must be at most ${INVITE_MEMO_MAX_LENGTH} characters (got ${codePointLength(memo)})`,
      });
    }
  })
  .transform((memo) => (memo === '' ? null : memo))
  .meta({ maxLength: INVITE_MEMO_MAX_LENGTH, description: 'Whom the invite is for; admins only' });

export const issueInviteInput = z.object({ role: roleSchema, memo: memoSchema.nullish() });

/** The invite token of the URL: 256 bits in unpadded base64url. */
export const tokenInput = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Not an invite token') });

export const inviteIdParam = z.object({ inviteId: z.uuid() });

export const inviteStatusSchema = z.enum([
  'pending',
  'accepted',
  'awaiting_approval',
  'declined',
  'revoked',
  'expired',
  'rejected',
]);

export const inviteSchema = z.object({
  id: z.string(),
  role: roleSchema,
  status: inviteStatusSchema,
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  memo: z.string().nullable().describe('Whom the invite is for, as its issuer wrote it (admins only)'),
});

const resourceRef = z.object({ kind: kindSchema, id: z.string(), name: z.string() });
const personRef = z.object({ userId: z.string(), displayName: z.string() });

export const issueInviteOutput = z.object({ invite: inviteSchema, token: z.string(), url: z.url() });

export const reissueInviteOutput = issueInviteOutput.extend({
  replaced: z
    .object({ id: z.string(), status: z.enum(['pending', 'expired', 'declined']) })
    .describe('The invite issued again: a pending one is now revoked'),
});

export const listInvitesOutput = z.object({
  invites: z.array(inviteSchema.extend({ createdBy: personRef })),
  ended: z
    .array(
      inviteSchema.extend({
        status: z.enum(['expired', 'declined']),
        createdBy: personRef,
        endedAt: z.iso.datetime(),
        declinedBy: personRef.nullable(),
      }),
    )
    .describe(
      'Invites that ended unused in the last 7 days and were not issued again (再発行), newest first',
    ),
  requests: z.array(
    z.object({
      id: z.string(),
      inviteId: z.string(),
      role: roleSchema,
      createdAt: z.iso.datetime(),
      user: personRef.extend({ pictureUrl: z.string().nullable() }),
    }),
  ),
});

export const previewOutput = z.object({
  invite: inviteSchema.omit({ memo: true }).extend({
    requiresApproval: z.boolean(),
    resource: resourceRef.extend({ basicId: z.string().nullable() }),
    invitedBy: personRef.extend({ pictureUrl: z.string().nullable() }),
  }),
  alreadyMember: z.boolean(),
  ownInvite: z.boolean().describe('The caller issued this invite: they may look at it, never use it'),
});

export const membershipOutput = z.object({
  membership: z.object({
    resource: resourceRef,
    userId: z.string(),
    role: roleSchema,
    since: z.iso.datetime(),
  }),
});

export const joinRequestOutput = z.object({
  request: z.object({
    id: z.string(),
    status: z.literal('pending'),
    role: roleSchema,
    createdAt: z.iso.datetime(),
    resource: resourceRef,
  }),
});

/** Whose invite a token was, whatever became of it: what the holder of a dead link needs to know whom to ask. */
export const aboutOutput = z.object({
  invite: z.object({
    status: inviteStatusSchema,
    resource: z.object({ kind: kindSchema, name: z.string() }),
    invitedBy: z.object({ displayName: z.string() }),
  }),
});
