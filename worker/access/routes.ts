import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { callerOf } from '../lib/caller';
import { validate } from '../lib/validation';
import { deliverAfterResponse } from '../notifications/queue';
import { jsonResponse, sessionErrorResponses } from '../openapi/responses';
import { offboard, offboardingPlan } from './offboarding';
import {
  accessOutput,
  accessQuery,
  exportQuery,
  offboardingPlanOutput,
  offboardOutput,
  userParam,
} from './schema';
import { accessCsv, accessOverview } from './service';

const tags = ['access'];

/** The owner's one-tap overview: who can reach what, across everything they administer. */
export const accessRoutes = new Hono<AppEnv>()
  .get(
    '/',
    describeRoute({
      tags,
      summary: 'Everyone with access to every resource the caller administers, paged by person',
      responses: {
        200: jsonResponse('A page of people and their access', accessOutput),
        ...sessionErrorResponses(),
      },
    }),
    validate('query', accessQuery),
    async (c) =>
      c.json(await accessOverview(c.env.DB, c.get('userId'), c.req.valid('query'), Date.now()), 200),
  )
  .get(
    '/export.csv',
    describeRoute({
      tags,
      summary:
        'The overview as CSV for Excel (UTF-8 with BOM, Japanese headers and role names, the export time): everything the caller administers, or one account or group of it',
      responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, ...sessionErrorResponses() },
    }),
    validate('query', exportQuery),
    async (c) => {
      const { csv, filename } = await accessCsv(c.env.DB, c.get('userId'), {
        resourceId: c.req.valid('query').resourceId,
        now: Date.now(),
      });
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
      });
    },
  )
  .get(
    '/:userId/offboarding',
    describeRoute({
      tags,
      summary:
        'What offboarding the person would do, nothing written: removals, group links to cut, refusals',
      responses: { 200: jsonResponse('The plan', offboardingPlanOutput), ...sessionErrorResponses() },
    }),
    validate('param', userParam),
    async (c) =>
      c.json(await offboardingPlan(c.env.DB, callerOf(c), c.req.valid('param').userId, Date.now()), 200),
  )
  .delete(
    '/:userId',
    describeRoute({
      tags,
      summary:
        'Offboard: remove the person from every resource the caller administers (one batch per resource), end their open invites and join requests there, and cut the group links that still give them access',
      responses: {
        200: jsonResponse('The outcome per resource and per group link', offboardOutput),
        ...sessionErrorResponses(),
      },
    }),
    validate('param', userParam),
    async (c) => {
      const { notifications, ...outcome } = await offboard(
        c.env.DB,
        callerOf(c),
        c.req.valid('param').userId,
        Date.now(),
      );
      deliverAfterResponse(c, notifications);
      return c.json(outcome, 200);
    },
  );
