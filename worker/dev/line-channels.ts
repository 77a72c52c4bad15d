import { Hono } from 'hono';
import type { AppEnv, Bindings } from '../env';
import { sha256Hex } from '../lib/crypto';
import { newId } from '../lib/ids';
import { validate } from '../lib/validation';
import { standinBroadcastInput, standinBroadcastsQuery, standinFollowersQuery } from './schema';

/**
 * The stand-in's channel access tokens: `standin-channel:<basicId>` opens the bot with that basic ID, and
 * `standin-channel:<basicId>+<premiumId>` a bot that also has a premium ID.
 */
export const STANDIN_CHANNEL_TOKEN_PREFIX = 'standin-channel:';

const LINE_ID = /^@[0-9a-z._-]{1,20}$/;

/** The demo's monthly message limit: LINE's Standard plan in Japan (30,000 free messages a month). */
const MONTHLY_LIMIT = 30_000;

const UNAUTHORIZED = { message: 'Authentication failed. Confirm that the access token is valid.' };

/** The demo's shops, so that their bots carry their names in the demo. */
const DEMO_BOT_NAMES: Readonly<Record<string, string>> = {
  '@cafehana-shibuya': 'カフェ花 渋谷店',
  '@cafehana-shinjuku': 'カフェ花 新宿店',
  '@cafehana-online': 'カフェ花 オンラインショップ',
};

/**
 * Whose bot a request's bearer token opens: `{ basicId: null }` for Kengen's own bot, the basic ID of a shop's
 * bot for a stand-in channel token, null for any other token (LINE answers those 401).
 */
export function standinBot(
  authorization: string | undefined,
  env: Pick<Bindings, 'LINE_BOT_CHANNEL_ACCESS_TOKEN'>,
): { basicId: string | null; premiumId?: string } | null {
  if (authorization === `Bearer ${env.LINE_BOT_CHANNEL_ACCESS_TOKEN}`) return { basicId: null };
  const prefix = `Bearer ${STANDIN_CHANNEL_TOKEN_PREFIX}`;
  const [basicId = '', premiumId, ...rest] = authorization?.startsWith(prefix)
    ? authorization.slice(prefix.length).split('+')
    : [];
  if (!LINE_ID.test(basicId) || rest.length > 0) return null;
  if (premiumId === undefined) return { basicId };
  return LINE_ID.test(premiumId) ? { basicId, premiumId } : null;
}

/** `GET /v2/bot/info` of a stand-in bot: the same answer every time for one basic ID. */
export async function standinBotInfo(basicId: string, origin: string, premiumId?: string) {
  return {
    userId: `U${(await sha256Hex(`standin-bot:${basicId}`)).slice(0, 32)}`,
    basicId,
    ...(premiumId ? { premiumId } : {}),
    displayName: DEMO_BOT_NAMES[basicId] ?? `Bot ${basicId}`,
    pictureUrl: `${origin}/dev/line/bot-pictures/${encodeURIComponent(basicId)}`,
    chatMode: 'bot',
    markAsReadMode: 'manual',
  };
}

/**
 * The bot that sent a push or a broadcast, as LINE's chat shows it: its display name and picture from its bot
 * info (`GET /v2/bot/info`), or nulls for Kengen's own bot (`basicId` null), whose chat the app names itself.
 */
export async function standinSender(basicId: string | null, origin: string) {
  if (basicId === null) return { basicId: null, displayName: null, pictureUrl: null };
  const { displayName, pictureUrl } = await standinBotInfo(basicId, origin);
  return { basicId, displayName, pictureUrl };
}

/** A number in [min, max) that depends on the basic ID alone: believable, and the same on every run. */
async function seeded(basicId: string, salt: string, min: number, max: number): Promise<number> {
  const hash = await sha256Hex(`${salt}:${basicId}`);
  return min + (Number.parseInt(hash.slice(0, 8), 16) % (max - min));
}

const MONTH_START = `strftime('%s', 'now', 'start of month') * 1000`;

/**
 * A bot's friends as its insight tells them: stable per bot, plus everyone a test send reached (they are
 * friends of the bot), so the demo's numbers grow with the demo.
 */
async function audienceOf(db: D1Database, basicId: string) {
  const reached = await db
    .prepare('SELECT count(DISTINCT to_user) AS n FROM standin_line_pushes WHERE basic_id = ?1')
    .bind(basicId)
    .first<{ n: number }>();
  const followers = (await seeded(basicId, 'followers', 1000, 5000)) + (reached?.n ?? 0);
  const blocks = Math.round(followers * ((await seeded(basicId, 'blocks', 40, 120)) / 1000));
  return { followers, targetedReaches: followers - blocks, blocks };
}

interface StandinBroadcastRow {
  request_id: string;
  retry_key: string | null;
  messages: string;
  received_at: number;
}

/**
 * The Messaging API of the shops' own bots, as the stand-in plays it: a channel token opens a bot, its
 * insight numbers are stable per bot, and a broadcast is recorded once per retry key (409 after, naming the
 * accepted request, as LINE does). Answers to mistakes are LINE's (`{message}`).
 */
export const standinChannelRoutes = new Hono<AppEnv>()
  .get('/v2/bot/info', async (c) => {
    const bot = standinBot(c.req.header('Authorization'), c.env);
    if (!bot?.basicId) return c.json(UNAUTHORIZED, 401);
    return c.json(await standinBotInfo(bot.basicId, new URL(c.req.url).origin, bot.premiumId), 200);
  })
  .get('/v2/bot/insight/followers', validate('query', standinFollowersQuery), async (c) => {
    const bot = standinBot(c.req.header('Authorization'), c.env);
    if (!bot?.basicId) return c.json(UNAUTHORIZED, 401);
    return c.json({ status: 'ready', ...(await audienceOf(c.env.DB, bot.basicId)) }, 200);
  })
  .get('/v2/bot/message/quota', (c) => {
    if (!standinBot(c.req.header('Authorization'), c.env)?.basicId) return c.json(UNAUTHORIZED, 401);
    return c.json({ type: 'limited', value: MONTHLY_LIMIT }, 200);
  })
  .get('/v2/bot/message/quota/consumption', async (c) => {
    const bot = standinBot(c.req.header('Authorization'), c.env);
    if (!bot?.basicId) return c.json(UNAUTHORIZED, 401);
    // As LINE counts: a request times its recipients, whatever its number of bubbles — a broadcast uses the
    // bot's targeted reach (today's, which the confirmation's 「約N通を使います」 shows), a push one.
    const sent = await c.env.DB.prepare(
      `SELECT (SELECT count(*) FROM standin_line_broadcasts WHERE basic_id = ?1 AND received_at >= ${MONTH_START})
                AS broadcasts,
              (SELECT count(*) FROM standin_line_pushes WHERE basic_id = ?1 AND received_at >= ${MONTH_START})
                AS pushes`,
    )
      .bind(bot.basicId)
      .first<{ broadcasts: number; pushes: number }>();
    const { targetedReaches } = await audienceOf(c.env.DB, bot.basicId);
    return c.json({ totalUsage: (sent?.broadcasts ?? 0) * targetedReaches + (sent?.pushes ?? 0) }, 200);
  })
  .post('/v2/bot/message/broadcast', validate('json', standinBroadcastInput), async (c) => {
    const bot = standinBot(c.req.header('Authorization'), c.env);
    if (!bot?.basicId) return c.json(UNAUTHORIZED, 401);
    const retryKey = c.req.header('X-Line-Retry-Key') ?? null;
    const requestId = newId();
    const inserted = await c.env.DB.prepare(
      `INSERT INTO standin_line_broadcasts (request_id, retry_key, basic_id, messages, received_at)
       VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (retry_key) DO NOTHING RETURNING request_id`,
    )
      .bind(requestId, retryKey, bot.basicId, JSON.stringify(c.req.valid('json').messages), Date.now())
      .first<{ request_id: string }>();
    if (!inserted) {
      const accepted = await c.env.DB.prepare(
        'SELECT request_id FROM standin_line_broadcasts WHERE retry_key = ?1',
      )
        .bind(retryKey)
        .first<{ request_id: string }>();
      c.header('x-line-accepted-request-id', accepted?.request_id ?? '');
      return c.json({ message: 'The retry key is already accepted' }, 409);
    }
    c.header('x-line-request-id', requestId);
    return c.json({}, 200);
  })
  // What a shop's bot broadcast, newest first: for the demo's LINE view and the E2E tests.
  .get('/broadcasts', validate('query', standinBroadcastsQuery), async (c) => {
    const { basicId } = c.req.valid('query');
    const { results } = await c.env.DB.prepare(
      `SELECT request_id, retry_key, messages, received_at FROM standin_line_broadcasts
        WHERE basic_id = ?1 ORDER BY received_at DESC, request_id LIMIT 100`,
    )
      .bind(basicId)
      .all<StandinBroadcastRow>();
    const sender = await standinSender(basicId, new URL(c.req.url).origin);
    return c.json(
      {
        broadcasts: results.map((row) => ({
          requestId: row.request_id,
          retryKey: row.retry_key,
          messages: JSON.parse(row.messages) as unknown[],
          receivedAt: new Date(row.received_at).toISOString(),
          // The bot that broadcast it, as LINE's chat names it.
          ...sender,
        })),
      },
      200,
    );
  })
  // The bot's profile picture: a round badge with the shop's first letter (the app's CSP allows 'self').
  .get('/bot-pictures/:basicId', (c) => {
    const basicId = c.req.param('basicId');
    const letter = [...(DEMO_BOT_NAMES[basicId] ?? basicId.slice(1))][0] ?? '?';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="32" fill="#06c755"/><text x="32" y="42" font-size="28" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter.replace(/[<>&"']/g, '')}</text></svg>`;
    return c.body(svg, 200, { 'Content-Type': 'image/svg+xml' });
  });
