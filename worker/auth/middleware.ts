import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';
import { verifySession } from './session';

/** Every /api route but sign-in goes through here; it reads no storage (SPEC §7, edge cost). */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('Authorization');
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  const userId = token ? await verifySession(token, c.env.SESSION_SECRET) : null;
  if (!userId) {
    throw new AppError('UNAUTHENTICATED');
  }
  c.set('userId', userId);
  await next();
});
