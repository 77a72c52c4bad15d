import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { newId } from '../lib/ids';
import { validate } from '../lib/validation';
import { standinBot, standinChannelRoutes, standinSender } from './line-channels';
import {
  standinDeliveriesQuery,
  standinFollowInput,
  standinFriendshipQuery,
  standinPushesQuery,
  standinPushInput,
  standinRefuseInput,
} from './schema';

const encoder = new TextEncoder();

/** LINE's signature of a webhook call: base64 HMAC-SHA-256 of the raw body under the channel secret. */
async function lineSignature(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(body)));
  return btoa(String.fromCharCode(...mac));
}

/**
 * People whose pushes the stand-in refuses, so that the demo and the E2E tests can show a notification LINE
 * would not deliver (kept as failed, visible to admins). Kept in the isolate, not in D1: `wrangler dev` runs
 * one, and a restart forgets the refusals, which is what a demo wants.
 */
const refusing = new Set<string>();

interface StandinPushRow {
  request_id: string;
  retry_key: string | null;
  messages: string;
  received_at: number;
  basic_id: string | null;
}

/**
 * The local stand-in of LINE's Messaging API: answers a push as LINE does (the bearer token checked: Kengen's
 * bot or a shop's, ./line-channels.ts; a retry key accepted once and 409 after), and keeps what it received so the demo and the tests can show it.
 * Its answers to mistakes are LINE's (`{message}`), not Kengen's error body: the consumer reads them as LINE's.
 */
export const standinLineRoutes = new Hono<AppEnv>()
  .post('/v2/bot/message/push', validate('json', standinPushInput), async (c) => {
    const bot = standinBot(c.req.header('Authorization'), c.env);
    if (!bot) {
      return c.json({ message: 'Authentication failed. Confirm that the access token is valid.' }, 401);
    }
    const { to, messages } = c.req.valid('json');
    if (refusing.has(to)) {
      return c.json(
        { message: 'The stand-in of LINE refuses pushes to this user (POST /dev/line/refuse)' },
        400,
      );
    }
    const retryKey = c.req.header('X-Line-Retry-Key') ?? null;
    const requestId = newId();
    const inserted = await c.env.DB.prepare(
      `INSERT INTO standin_line_pushes (request_id, retry_key, to_user, messages, received_at, basic_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (retry_key) DO NOTHING RETURNING request_id`,
    )
      .bind(requestId, retryKey, to, JSON.stringify(messages), Date.now(), bot.basicId)
      .first<{ request_id: string }>();
    if (!inserted) {
      const accepted = await c.env.DB.prepare(
        'SELECT request_id FROM standin_line_pushes WHERE retry_key = ?1',
      )
        .bind(retryKey)
        .first<{ request_id: string }>();
      c.header('x-line-accepted-request-id', accepted?.request_id ?? '');
      return c.json({ message: 'The retry key is already accepted' }, 409);
    }
    c.header('x-line-request-id', requestId);
    return c.json({ sentMessages: messages.map(() => ({ id: newId(), quoteToken: newId() })) }, 200);
  })
  .get('/pushes', validate('query', standinPushesQuery), async (c) => {
    const { results } = await c.env.DB.prepare(
      `SELECT request_id, retry_key, messages, received_at, basic_id FROM standin_line_pushes
        WHERE to_user = ?1 ORDER BY received_at DESC, request_id LIMIT 100`,
    )
      .bind(c.req.valid('query').to)
      .all<StandinPushRow>();
    const origin = new URL(c.req.url).origin;
    const pushes = await Promise.all(
      results.map(async (row) => ({
        requestId: row.request_id,
        retryKey: row.retry_key,
        messages: JSON.parse(row.messages) as unknown[],
        receivedAt: new Date(row.received_at).toISOString(),
        // Which bot sent it: a shop's (a test send), named as LINE's chat names it, or Kengen's own (nulls).
        ...(await standinSender(row.basic_id, origin)),
      })),
    );
    return c.json({ pushes }, 200);
  })
  // What LINE knows of a friendship: whether the person follows the bot. LINE's getFriendship answers it for the
  // LIFF app; the demo's LIFF mock asks here. The stand-in keeps no list of its own: Kengen's users table holds
  // what the webhook told it, which for the stand-in is the same thing.
  .get('/friendship', validate('query', standinFriendshipQuery), async (c) => {
    const row = await c.env.DB.prepare('SELECT line_friend FROM users WHERE id = ?1')
      .bind(c.req.valid('query').userId)
      .first<{ line_friend: number }>();
    return c.json({ friendFlag: row?.line_friend === 1 }, 200);
  })
  // The person adds the bot as a friend, or blocks it: LINE then calls Kengen's webhook, signed with the
  // channel secret, exactly as the real LINE does (so the webhook's own checks run).
  .post('/follow', validate('json', standinFollowInput), async (c) => {
    const { userId, follow } = c.req.valid('json');
    const event = {
      type: follow ? 'follow' : 'unfollow',
      mode: 'active',
      timestamp: Date.now(),
      source: { type: 'user', userId },
      webhookEventId: newId(),
      deliveryContext: { isRedelivery: false },
      ...(follow ? { replyToken: newId(), follow: { isUnblocked: false } } : {}),
    };
    const body = JSON.stringify({ destination: 'Ustandinkengenbot', events: [event] });
    const response = await fetch(new URL('/api/line/webhook', c.req.url), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'x-line-signature': await lineSignature(c.env.LINE_BOT_CHANNEL_SECRET, body),
      },
      body,
    });
    return c.json({ webhookStatus: response.status }, response.ok ? 200 : 502);
  })
  .post('/refuse', validate('json', standinRefuseInput), (c) => {
    const { userId, refuse } = c.req.valid('json');
    if (refuse) refusing.add(userId);
    else refusing.delete(userId);
    return c.json({ refusing: refuse }, 200);
  })
  // The outbox as the benchmark reads it: when each notification since a moment was written and delivered.
  .get('/deliveries', validate('query', standinDeliveriesQuery), async (c) => {
    const { results } = await c.env.DB.prepare(
      `SELECT status, created_at, delivered_at FROM notifications WHERE created_at >= ?1 ORDER BY created_at`,
    )
      .bind(c.req.valid('query').since)
      .all<{ status: string; created_at: number; delivered_at: number | null }>();
    return c.json(
      {
        deliveries: results.map((row) => ({
          status: row.status,
          createdAt: row.created_at,
          deliveredAt: row.delivered_at,
        })),
      },
      200,
    );
  })
  .route('/', standinChannelRoutes);
