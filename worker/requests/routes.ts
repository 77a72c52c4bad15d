import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { membershipOutput } from '../invites/schema';
import { callerOf } from '../lib/caller';
import { validate } from '../lib/validation';
import { deliverAfterResponse } from '../notifications/queue';
import { jsonResponse, sessionErrorResponses } from '../openapi/responses';
import { requestIdParam } from './schema';
import { approveRequest, rejectRequest } from './service';

const decided = sessionErrorResponses(
  'FORBIDDEN',
  'NOT_FOUND',
  'REQUEST_NOT_PENDING',
  'ALREADY_MEMBER',
  'MEMBER_LIMIT',
  'CONFLICT',
);

export const requestRoutes = new Hono<AppEnv>()
  .post(
    '/:requestId/approve',
    describeRoute({
      tags: ['requests'],
      summary: 'Approve a join request (admin): the requester gets the role',
      responses: { 200: jsonResponse('The membership', membershipOutput), ...decided },
    }),
    validate('param', requestIdParam),
    async (c) => {
      const { notifications, ...body } = await approveRequest(
        c.env.DB,
        callerOf(c),
        c.req.valid('param').requestId,
        Date.now(),
      );
      deliverAfterResponse(c, notifications);
      return c.json(body, 200);
    },
  )
  .post(
    '/:requestId/reject',
    describeRoute({
      tags: ['requests'],
      summary: 'Reject a join request (admin)',
      responses: { 204: { description: 'Rejected' }, ...decided },
    }),
    validate('param', requestIdParam),
    async (c) => {
      const notifications = await rejectRequest(
        c.env.DB,
        callerOf(c),
        c.req.valid('param').requestId,
        Date.now(),
      );
      deliverAfterResponse(c, notifications);
      return c.body(null, 204);
    },
  );
