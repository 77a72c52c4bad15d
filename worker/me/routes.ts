import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { jsonResponse, sessionErrorResponses } from '../openapi/responses';
import { meOutput } from './schema';
import { describeMe } from './service';

export const meRoutes = new Hono<AppEnv>().get(
  '/',
  describeRoute({
    tags: ['me'],
    summary: 'The caller, every account and group they reach, and their pending join requests',
    responses: {
      200: jsonResponse('The caller and their access', meOutput),
      ...sessionErrorResponses(),
    },
  }),
  async (c) => c.json(await describeMe(c.env.DB, c.get('userId')), 200),
);
