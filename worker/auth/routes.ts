import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';
import { verifyLineIdToken } from '../lib/line/id-token';
import { validate } from '../lib/validation';
import { jsonResponse } from '../openapi/responses';
import { toUser, type UserRow, upsertUser } from '../users/repo';
import { sessionInput, sessionOutput } from './schema';
import { issueSession } from './session';

export const sessionRoutes = new Hono<AppEnv>().post(
  '/session',
  describeRoute({
    tags: ['session'],
    summary: 'Exchange a LINE ID token for a short-lived API session',
    responses: { 200: jsonResponse('The session', sessionOutput), 401: { description: 'INVALID_TOKEN' } },
  }),
  validate('json', sessionInput),
  async (c) => {
    const identity = await verifyLineIdToken(c.req.valid('json').idToken, {
      channelId: c.env.LINE_CHANNEL_ID,
      apiBase: c.env.LINE_API_BASE,
    });
    const now = Date.now();
    const row = await upsertUser(c.env.DB, identity, now).first<UserRow>();
    if (!row) {
      throw new AppError('INTERNAL');
    }
    const session = await issueSession(identity.userId, c.env.SESSION_SECRET, now);
    return c.json({ ...session, user: toUser(row) }, 200);
  },
);
