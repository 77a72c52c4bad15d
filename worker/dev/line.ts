import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { newId } from '../lib/ids';
import { validate } from '../lib/validation';
import { standinPushesQuery, standinPushInput } from './schema';

interface StandinPushRow {
  request_id: string;
  retry_key: string | null;
  messages: string;
  received_at: number;
}

/**
 * The local stand-in of LINE's Messaging API: answers a push as LINE does (the bearer token checked, a retry
 * key accepted once and 409 after), and keeps what it received so the demo and the tests can show it.
 * Its answers to mistakes are LINE's (`{message}`), not Kengen's error body: the consumer reads them as LINE's.
 */
export const standinLineRoutes = new Hono<AppEnv>()
  .post('/v2/bot/message/push', validate('json', standinPushInput), async (c) => {
    if (c.req.header('Authorization') !== `Bearer ${c.env.LINE_BOT_CHANNEL_ACCESS_TOKEN}`) {
      return c.json({ message: 'Authentication failed. Confirm that the access token is valid.' }, 401);
    }
    const { to, messages } = c.req.valid('json');
    const retryKey = c.req.header('X-Line-Retry-Key') ?? null;
    const requestId = newId();
    const inserted = await c.env.DB.prepare(
      `INSERT INTO standin_line_pushes (request_id, retry_key, to_user, messages, received_at)
       VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (retry_key) DO NOTHING RETURNING request_id`,
    )
      .bind(requestId, retryKey, to, JSON.stringify(messages), Date.now())
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
      `SELECT request_id, retry_key, messages, received_at FROM standin_line_pushes
        WHERE to_user = ?1 ORDER BY received_at DESC, request_id LIMIT 100`,
    )
      .bind(c.req.valid('query').to)
      .all<StandinPushRow>();
    return c.json(
      {
        pushes: results.map((row) => ({
          requestId: row.request_id,
          retryKey: row.retry_key,
          messages: JSON.parse(row.messages) as unknown[],
          receivedAt: new Date(row.received_at).toISOString(),
        })),
      },
      200,
    );
  });
