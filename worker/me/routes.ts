import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { validate } from '../lib/validation';
import { jsonResponse, sessionErrorResponses } from '../openapi/responses';
import {
  meOutput,
  myResourcesOutput,
  myResourcesQuery,
  notificationsInput,
  notificationsOutput,
} from './schema';
import { describeMe, listMyResources, setMyNotifications } from './service';

const tags = ['me'];

export const meRoutes = new Hono<AppEnv>()
  .get(
    '/',
    describeRoute({
      tags,
      summary:
        'The caller, totals of what they reach, the first page of their accounts and of their groups, and their latest join requests',
      responses: {
        200: jsonResponse('The caller and their access', meOutput),
        ...sessionErrorResponses(),
      },
    }),
    async (c) => c.json(await describeMe(c.env.DB, c.get('userId'), Date.now()), 200),
  )
  .get(
    '/resources',
    describeRoute({
      tags,
      summary:
        'A page of the accounts or groups the caller reaches, by name then id, with role and source; searchable by name',
      responses: {
        200: jsonResponse('A page of resources', myResourcesOutput),
        ...sessionErrorResponses(),
      },
    }),
    validate('query', myResourcesQuery),
    async (c) => c.json(await listMyResources(c.env.DB, c.get('userId'), c.req.valid('query')), 200),
  )
  .put(
    '/notifications',
    describeRoute({
      tags,
      summary: 'Turn LINE notifications to the caller off or on',
      responses: {
        200: jsonResponse('The setting now', notificationsOutput),
        ...sessionErrorResponses(),
      },
    }),
    validate('json', notificationsInput),
    async (c) =>
      c.json(await setMyNotifications(c.env.DB, c.get('userId'), c.req.valid('json').enabled), 200),
  );
