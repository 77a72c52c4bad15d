import { z } from 'zod';
import { kindSchema, roleSchema } from '../resources/schema';

export const issueInviteInput = z.object({ role: roleSchema });

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
});

const resourceRef = z.object({ kind: kindSchema, id: z.string(), name: z.string() });
const personRef = z.object({ userId: z.string(), displayName: z.string() });

export const issueInviteOutput = z.object({ invite: inviteSchema, token: z.string(), url: z.url() });

export const listInvitesOutput = z.object({
  invites: z.array(inviteSchema.extend({ createdBy: personRef })),
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
  invite: inviteSchema.extend({
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
