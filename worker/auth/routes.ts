import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { rowsOf } from '../lib/d1';
import { AppError } from '../lib/errors';
import { verifyLineIdToken } from '../lib/line/id-token';
import { validate } from '../lib/validation';
import { accessStatements, toMe } from '../me/service';
import { errorResponses, jsonResponse } from '../openapi/responses';
import { toUser, type UserRow, upsertUser } from '../users/repo';
import { sessionInput, sessionOutput } from './schema';
import { issueSession } from './session';

export const sessionRoutes = new Hono<AppEnv>().post(
  '/session',
  describeRoute({
    tags: ['session'],
    summary: 'Exchange a LINE ID token for a short-lived API session',
    responses: { 200: jsonResponse('The session', sessionOutput), ...errorResponses('INVALID_TOKEN') },
  }),
  validate('json', sessionInput),
  async (c) => {
    const { idToken, withMe, language } = c.req.valid('json');
    const identity = await verifyLineIdToken(idToken, {
      channelId: c.env.LINE_CHANNEL_ID,
      apiBase: c.env.LINE_API_BASE,
    });
    const now = Date.now();
    // One round trip either way: the reads of GET /api/me ride in the upsert's batch.
    const upsert = upsertUser(c.env.DB, identity, now, language);
    const [upserted, ...accessResults] = withMe
      ? await c.env.DB.batch([upsert, ...accessStatements(c.env.DB, identity.userId, now)])
      : [await upsert.all()];
    const [row] = rowsOf<UserRow>(upserted);
    if (!row) {
      throw new AppError('INTERNAL');
    }
    const session = await issueSession(identity.userId, c.env.SESSION_SECRET, now);
    return c.json(
      { ...session, user: toUser(row), ...(withMe ? { me: toMe(row, accessResults, now) } : {}) },
      200,
    );
  },
);
