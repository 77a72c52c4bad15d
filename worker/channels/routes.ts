import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../env';
import { callerOf } from '../lib/caller';
import { validate } from '../lib/validation';
import { jsonResponse, sessionErrorResponses } from '../openapi/responses';
import { idParam } from '../resources/schema';
import { audienceOf, statsOf } from './insights';
import { audienceOutput, connectInput, connectOutput, sendInput, sendOutput, statsOutput } from './schema';
import { send } from './send';
import { connectChannel, disconnectChannel } from './service';

const tags = ['connected accounts'];

/** Errors of every route that calls LINE with the stored token (SPEC §9). */
const LINE_ERRORS = [
  'CHANNEL_NOT_CONNECTED',
  'CHANNEL_TOKEN_REVOKED',
  'CHANNEL_TOKEN_UNREADABLE',
  'LINE_QUOTA_EXCEEDED',
  'LINE_RATE_LIMITED',
  'LINE_UNAVAILABLE',
  'LINE_REFUSED',
] as const;

/** Errors of the two send routes beyond LINE's: a retry key names one send, for LINE's 24 hours. */
const RETRY_ERRORS = ['CONFLICT', 'RETRY_KEY_REUSED', 'RETRY_KEY_EXPIRED'] as const;

/** An account's Messaging API channel and what the roles let people do with it, under /api/accounts. */
export const channelRoutes = new Hono<AppEnv>()
  .put(
    '/:id/channel',
    describeRoute({
      tags,
      summary:
        "Connect (or reconnect) the account's Messaging API channel with its channel access token (admin)",
      responses: {
        200: jsonResponse('The connected channel', connectOutput),
        ...sessionErrorResponses(
          'CHANNEL_TOKEN_INVALID',
          'FORBIDDEN',
          'NOT_FOUND',
          'CHANNEL_MISMATCH',
          'CHANNEL_IN_USE',
          'CONFLICT',
          'LINE_RATE_LIMITED',
          'LINE_UNAVAILABLE',
          'LINE_REFUSED',
        ),
      },
    }),
    validate('param', idParam),
    validate('json', connectInput),
    async (c) => {
      const channel = await connectChannel(
        c.env.DB,
        c.env,
        callerOf(c),
        c.req.valid('param').id,
        c.req.valid('json').channelAccessToken,
        Date.now(),
      );
      return c.json({ channel }, 200);
    },
  )
  .delete(
    '/:id/channel',
    describeRoute({
      tags,
      summary: 'Disconnect the channel; Kengen forgets its token (admin)',
      responses: {
        204: { description: 'Disconnected' },
        ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND', 'CHANNEL_NOT_CONNECTED', 'CONFLICT'),
      },
    }),
    validate('param', idParam),
    async (c) => {
      await disconnectChannel(c.env.DB, callerOf(c), c.req.valid('param').id, Date.now());
      return c.body(null, 204);
    },
  )
  .get(
    '/:id/stats',
    describeRoute({
      tags,
      summary: "分析: yesterday's friends, targeted reach and blocks from LINE, and the latest sends",
      responses: {
        200: jsonResponse('The statistics', statsOutput),
        ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND', ...LINE_ERRORS),
      },
    }),
    validate('param', idParam),
    async (c) =>
      c.json(await statsOf(c.env.DB, c.env, callerOf(c), c.req.valid('param').id, Date.now()), 200),
  )
  .get(
    '/:id/broadcasts/audience',
    describeRoute({
      tags,
      summary: "How many friends a broadcast reaches and the month's quota, for the confirmation (配信)",
      responses: {
        200: jsonResponse('The audience and the quota', audienceOutput),
        ...sessionErrorResponses('FORBIDDEN', 'NOT_FOUND', ...LINE_ERRORS),
      },
    }),
    validate('param', idParam),
    async (c) =>
      c.json(await audienceOf(c.env.DB, c.env, callerOf(c), c.req.valid('param').id, Date.now()), 200),
  )
  .route('/', sendRoute('/:id/broadcasts', 'broadcast'))
  .route('/', sendRoute('/:id/broadcasts/test', 'test'));

/** The two sends (SPEC §9) differ only in whom they reach: every friend of the bot, or the caller alone. */
function sendRoute<Path extends string>(path: Path, kind: 'broadcast' | 'test') {
  return new Hono<AppEnv>().post(
    path,
    describeRoute({
      tags,
      summary:
        kind === 'broadcast'
          ? "Broadcast to every friend of the account's bot (配信); once per retryKey"
          : "Test send: push the messages through the account's bot to the caller only",
      responses: {
        200: jsonResponse(kind === 'broadcast' ? 'The broadcast' : 'The test send', sendOutput),
        // Everyone with access may test-send; only 配信 is refused by role.
        ...sessionErrorResponses(
          ...(kind === 'broadcast' ? (['FORBIDDEN'] as const) : []),
          'NOT_FOUND',
          ...RETRY_ERRORS,
          ...LINE_ERRORS,
        ),
      },
    }),
    validate('param', idParam),
    validate('json', sendInput),
    async (c) => {
      const broadcast = await send(
        c.env.DB,
        c.env,
        callerOf(c),
        c.req.valid('param').id,
        { kind, ...c.req.valid('json') },
        Date.now(),
      );
      return c.json({ broadcast }, 200);
    },
  );
}
