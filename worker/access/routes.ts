import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { callerOf } from '../lib/caller';
import { validate } from '../lib/validation';
import { jsonResponse, sessionErrorResponses } from '../openapi/responses';
import { toCsv } from './csv';
import { offboard, offboardingPlan } from './offboarding';
import { accessOutput, accessQuery, offboardingPlanOutput, offboardOutput, userParam } from './schema';
import { accessCsvRows, accessOverview } from './service';

const tags = ['access'];
const CSV_HEADER = ['display_name', 'user_id', 'kind', 'resource', 'basic_id', 'role', 'source'];

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
    async (c) => c.json(await accessOverview(c.env.DB, c.get('userId'), c.req.valid('query')), 200),
  )
  .get(
    '/export.csv',
    describeRoute({
      tags,
      summary: 'The whole overview as CSV (UTF-8 with BOM)',
      responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, ...sessionErrorResponses() },
    }),
    async (c) => {
      const csv = toCsv(CSV_HEADER, await accessCsvRows(c.env.DB, c.get('userId')));
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="kengen-access.csv"',
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
    async (c) => c.json(await offboard(c.env.DB, callerOf(c), c.req.valid('param').userId, Date.now()), 200),
  );
