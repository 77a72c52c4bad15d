import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { callerOf } from '../lib/caller';
import { validate } from '../lib/validation';
import { deliverAfterResponse } from '../notifications/queue';
import { jsonResponse, sessionErrorResponses } from '../openapi/responses';
import type { Kind } from '../resources/schema';
import { changeRoleInput, memberOutput, memberParam } from './schema';
import { changeMemberRole, removeMember } from './service';

/** Role changes and removals of direct members, written once and mounted for both kinds. */
export function memberRoutes(kind: Kind) {
  const tags = ['members'];
  return new Hono<AppEnv>()
    .patch(
      '/:id/members/:userId',
      describeRoute({
        tags,
        summary: `Change a direct member's role on the ${kind} (admin)`,
        responses: {
          200: jsonResponse('The member with the new role', memberOutput),
          // NOT_FOUND: no access, or not a direct member; FORBIDDEN also by rule 11.
          ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND', 'LAST_ADMIN', 'CONFLICT'),
        },
      }),
      validate('param', memberParam),
      validate('json', changeRoleInput),
      async (c) => {
        const { id, userId } = c.req.valid('param');
        const { member, notifications } = await changeMemberRole(
          c.env.DB,
          callerOf(c),
          { kind, resourceId: id, userId },
          c.req.valid('json').role,
          Date.now(),
        );
        deliverAfterResponse(c, notifications);
        return c.json({ member }, 200);
      },
    )
    .delete(
      '/:id/members/:userId',
      describeRoute({
        tags,
        summary: `Remove a direct member from the ${kind} (admin), or leave it (the caller themself)`,
        responses: {
          204: { description: 'Removed' },
          ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND', 'LAST_ADMIN', 'CONFLICT'),
        },
      }),
      validate('param', memberParam),
      async (c) => {
        const { id, userId } = c.req.valid('param');
        const { notifications } = await removeMember(
          c.env.DB,
          callerOf(c),
          { kind, resourceId: id, userId },
          Date.now(),
        );
        deliverAfterResponse(c, notifications);
        return c.body(null, 204);
      },
    );
}
