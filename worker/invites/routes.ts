import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { callerOf } from '../lib/caller';
import { validate } from '../lib/validation';
import { deliverAfterResponse } from '../notifications/queue';
import { jsonResponse, sessionErrorResponses } from '../openapi/responses';
import { idParam, type Kind } from '../resources/schema';
import {
  aboutOutput,
  inviteIdParam,
  issueInviteInput,
  issueInviteOutput,
  joinRequestOutput,
  listInvitesOutput,
  membershipOutput,
  previewOutput,
  reissueInviteOutput,
  tokenInput,
} from './schema';
import {
  aboutInvite,
  acceptInvite,
  declineInvite,
  issueInvite,
  listInvites,
  previewInvite,
  reissueInvite,
  revokeInvite,
} from './service';
import { inviteUrl } from './url';

const GONE = ['INVITE_EXPIRED', 'INVITE_REVOKED', 'INVITE_USED'] as const;

/** Issuing and listing, under each resource; written once for both kinds. */
export function resourceInviteRoutes(kind: Kind) {
  const tags = ['invites'];
  return new Hono<AppEnv>()
    .post(
      '/:id/invites',
      describeRoute({
        tags,
        summary: `Issue a 24-hour invite to the ${kind} (admin). The token appears only in this response.`,
        responses: {
          201: jsonResponse('The invite', issueInviteOutput),
          // FORBIDDEN also for an admin invite by an admin only through a group (rule 11).
          ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND', 'MEMBER_LIMIT', 'CONFLICT'),
        },
      }),
      validate('param', idParam),
      validate('json', issueInviteInput),
      async (c) => {
        const { role, memo } = c.req.valid('json');
        const { invite, token } = await issueInvite(
          c.env.DB,
          callerOf(c),
          kind,
          c.req.valid('param').id,
          role,
          Date.now(),
          memo ?? null,
        );
        return c.json({ invite, token, url: inviteUrl(c.env, token) }, 201);
      },
    )
    .get(
      '/:id/invites',
      describeRoute({
        tags,
        summary:
          'Open invites, invites that ended unused in the last 7 days, and undecided join requests (admin)',
        responses: {
          200: jsonResponse('Invites and requests', listInvitesOutput),
          ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND'),
        },
      }),
      validate('param', idParam),
      async (c) =>
        c.json(await listInvites(c.env.DB, callerOf(c), kind, c.req.valid('param').id, Date.now()), 200),
    );
}

/** What the invitee does with a token, and revoking by invite id. */
export const inviteRoutes = new Hono<AppEnv>()
  .delete(
    '/:inviteId',
    describeRoute({
      tags: ['invites'],
      summary: 'Revoke a pending invite (admin)',
      responses: {
        204: { description: 'Revoked' },
        ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND', 'INVITE_NOT_PENDING', 'CONFLICT'),
      },
    }),
    validate('param', inviteIdParam),
    async (c) => {
      await revokeInvite(c.env.DB, callerOf(c), c.req.valid('param').inviteId, Date.now());
      return c.body(null, 204);
    },
  )
  .post(
    '/:inviteId/reissue',
    describeRoute({
      tags: ['invites'],
      summary:
        '再発行 (admin): a new invite with the same role and memo, replacing a pending invite (revoked in the same batch: its link stops working) or one that expired or was declined. The new token appears only in this response.',
      responses: {
        201: jsonResponse('The new invite, and what became of the one it replaces', reissueInviteOutput),
        ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND', 'INVITE_NOT_PENDING', 'MEMBER_LIMIT', 'CONFLICT'),
      },
    }),
    validate('param', inviteIdParam),
    async (c) => {
      const { invite, token, replaced } = await reissueInvite(
        c.env.DB,
        callerOf(c),
        c.req.valid('param').inviteId,
        Date.now(),
      );
      return c.json({ invite, token, url: inviteUrl(c.env, token), replaced }, 201);
    },
  )
  .post(
    '/about',
    describeRoute({
      tags: ['invites'],
      summary:
        "Whose invite a token was, whatever became of it: the account or group's name and the inviter's display name, nothing more",
      responses: {
        200: jsonResponse('Whose invite it was', aboutOutput),
        ...sessionErrorResponses('NOT_FOUND'),
      },
    }),
    validate('json', tokenInput),
    async (c) => c.json(await aboutInvite(c.env.DB, callerOf(c), c.req.valid('json').token, Date.now()), 200),
  )
  .post(
    '/preview',
    describeRoute({
      tags: ['invites'],
      summary: 'What the invite is: resource, role, inviter, expiry, status',
      responses: {
        200: jsonResponse('The invite', previewOutput),
        ...sessionErrorResponses('NOT_FOUND', ...GONE),
      },
    }),
    validate('json', tokenInput),
    async (c) =>
      c.json(await previewInvite(c.env.DB, callerOf(c), c.req.valid('json').token, Date.now()), 200),
  )
  .post(
    '/accept',
    describeRoute({
      tags: ['invites'],
      summary: 'Accept: the role at once, or a join request where approval is required',
      responses: {
        200: jsonResponse('The membership', membershipOutput),
        202: jsonResponse('The join request', joinRequestOutput),
        ...sessionErrorResponses(
          'NOT_FOUND',
          'ALREADY_MEMBER',
          'MEMBER_LIMIT',
          'REQUEST_PENDING',
          'OWN_INVITE',
          'CONFLICT',
          ...GONE,
        ),
      },
    }),
    validate('json', tokenInput),
    async (c) => {
      const result = await acceptInvite(c.env.DB, callerOf(c), c.req.valid('json').token, Date.now());
      deliverAfterResponse(c, result.notifications);
      return result.status === 202 ? c.json(result.body, 202) : c.json(result.body, 200);
    },
  )
  .post(
    '/decline',
    describeRoute({
      tags: ['invites'],
      summary: 'Decline the invite',
      responses: {
        204: { description: 'Declined' },
        ...sessionErrorResponses('NOT_FOUND', 'ALREADY_MEMBER', 'OWN_INVITE', 'CONFLICT', ...GONE),
      },
    }),
    validate('json', tokenInput),
    async (c) => {
      const notifications = await declineInvite(c.env.DB, callerOf(c), c.req.valid('json').token, Date.now());
      deliverAfterResponse(c, notifications);
      return c.body(null, 204);
    },
  );
