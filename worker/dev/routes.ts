import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from '../lib/errors';
import { validate } from '../lib/validation';
import { devIssuer } from './issuer';
import { standinLineRoutes } from './line';
import { devIdTokenInput } from './schema';
import { seedStatements } from './seed';

/**
 * Local-only routes: the stand-in ID token issuer, and LINE's key endpoint and Messaging API (./line.ts).
 * They exist only where the configuration is local and carries the development key; everywhere else /dev/*
 * is 404.
 */
export const devRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (c.env.APP_ENV !== 'local' || !c.env.DEV_ID_TOKEN_KEY) {
      throw new AppError('NOT_FOUND');
    }
    await next();
  })
  .post('/id-token', validate('json', devIdTokenInput), async (c) => {
    const issuer = devIssuer(c.env.DEV_ID_TOKEN_KEY ?? '', c.env.LINE_CHANNEL_ID);
    return c.json({ idToken: await issuer.sign(c.req.valid('json')) }, 200);
  })
  .post('/seed', async (c) => {
    const existing = await c.env.DB.prepare('SELECT count(*) AS n FROM resources').first<{ n: number }>();
    if (existing && existing.n > 0) {
      return c.json({ seeded: false }, 200);
    }
    const channel = { keys: c.env, origin: new URL(c.req.url).origin };
    await c.env.DB.batch(await seedStatements(c.env.DB, c.get('requestId'), Date.now(), channel));
    return c.json({ seeded: true }, 200);
  })
  .get('/line/oauth2/v2.1/certs', (c) => {
    return c.json(devIssuer(c.env.DEV_ID_TOKEN_KEY ?? '', c.env.LINE_CHANNEL_ID).publicJwks, 200);
  })
  .route('/line', standinLineRoutes);
