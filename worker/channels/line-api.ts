import { z } from 'zod';
import { AppError, type ErrorCode } from '../lib/errors';

/** LINE answers in well under a second; a hung connection must not hold the person's request. */
const TIMEOUT_MS = 10_000;

/** One call with an account's channel access token. */
export interface ChannelCall {
  apiBase: string;
  token: string;
}

export interface TextMessage {
  type: 'text';
  text: string;
}

const LINE_ID = /^@[0-9a-z._-]{1,20}$/;

const botInfoSchema = z.object({
  userId: z.string().regex(/^U[0-9a-f]{32}$/),
  basicId: z.string().regex(LINE_ID),
  // Only for a bot with a premium ID (a chosen @name): the account may have been registered under it.
  premiumId: z.string().regex(LINE_ID).optional().catch(undefined),
  displayName: z.string(),
  // Shown as the bot's picture: a URL of any other kind is dropped, not stored.
  pictureUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .catch(undefined),
});
export type BotInfo = z.infer<typeof botInfoSchema>;

const followersSchema = z.object({
  status: z.enum(['ready', 'unready', 'out_of_service']),
  followers: z.number().int().optional(),
  targetedReaches: z.number().int().optional(),
  blocks: z.number().int().optional(),
});
export type Followers = z.infer<typeof followersSchema>;

const quotaSchema = z.object({ type: z.enum(['none', 'limited']), value: z.number().int().optional() });
const consumptionSchema = z.object({ totalUsage: z.number().int() });
const errorSchema = z.object({ message: z.string() });

/** LINE's own words for an exhausted monthly quota: "You have reached your monthly limit." */
const MONTHLY_LIMIT = /monthly limit/i;

/**
 * What a refusal of LINE means to the person (SPEC §9): never a 500. `unauthorized` is what 401 means to
 * the caller: a stored token LINE stopped accepting, or, when connecting, a token it never accepted.
 */
function lineError(status: number, message: string, unauthorized: ErrorCode): AppError {
  if (status === 401) return new AppError(unauthorized);
  if (status === 429) {
    return new AppError(MONTHLY_LIMIT.test(message) ? 'LINE_QUOTA_EXCEEDED' : 'LINE_RATE_LIMITED');
  }
  if (status >= 500) return new AppError('LINE_UNAVAILABLE');
  return new AppError('LINE_REFUSED', `LINE refused the request (${status}): ${message.slice(0, 300)}`);
}

interface Answer {
  status: number;
  body: unknown;
  requestId: string | null;
}

async function call(
  { apiBase, token }: ChannelCall,
  path: string,
  init: { body?: unknown; retryKey?: string } = {},
): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(init.retryKey ? { 'X-Line-Retry-Key': init.retryKey } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    // The network error's text may carry the URL, never the token; it stays out of the answer anyway.
    throw new AppError('LINE_UNAVAILABLE');
  }
  const body: unknown = await response.json().catch(() => null);
  // On a retry key it already accepted, LINE answers 409 and names the request that was accepted.
  const requestId =
    response.headers.get('x-line-accepted-request-id') ?? response.headers.get('x-line-request-id');
  return { status: response.status, body, requestId };
}

/** Throws the error a refusal of LINE stands for; a 2xx passes. */
function acceptOrThrow(answer: Answer, unauthorized: ErrorCode): void {
  if (answer.status >= 200 && answer.status < 300) return;
  const refusal = errorSchema.safeParse(answer.body);
  throw lineError(answer.status, refusal.success ? refusal.data.message : '', unauthorized);
}

/** The body of a successful answer, or the error it stands for. */
function bodyOf<T>(answer: Answer, schema: z.ZodType<T>, unauthorized: ErrorCode): T {
  acceptOrThrow(answer, unauthorized);
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) throw new AppError('LINE_UNAVAILABLE', 'LINE answered in an unexpected shape.');
  return parsed.data;
}

/** `GET /v2/bot/info`: whose channel the token opens. 401 and 403 both mean LINE does not accept it. */
export async function botInfo(channel: ChannelCall): Promise<BotInfo> {
  const answer = await call(channel, '/v2/bot/info');
  if (answer.status === 403) throw new AppError('CHANNEL_TOKEN_INVALID');
  return bodyOf(answer, botInfoSchema, 'CHANNEL_TOKEN_INVALID');
}

/** `GET /v2/bot/insight/followers?date=yyyyMMdd`. */
export async function followers(channel: ChannelCall, date: string): Promise<Followers> {
  const answer = await call(channel, `/v2/bot/insight/followers?date=${date}`);
  return bodyOf(answer, followersSchema, 'CHANNEL_TOKEN_REVOKED');
}

/** The month's message quota (null: unlimited) and what was used of it. */
export async function quota(channel: ChannelCall): Promise<{ limit: number | null; used: number }> {
  const [limit, usage] = await Promise.all([
    call(channel, '/v2/bot/message/quota'),
    call(channel, '/v2/bot/message/quota/consumption'),
  ]);
  const { type, value } = bodyOf(limit, quotaSchema, 'CHANNEL_TOKEN_REVOKED');
  const { totalUsage } = bodyOf(usage, consumptionSchema, 'CHANNEL_TOKEN_REVOKED');
  return { limit: type === 'limited' ? (value ?? 0) : null, used: totalUsage };
}

/**
 * A broadcast to every friend (`to` absent) or a push to one person, under a retry key. LINE's 409 for a key
 * it already accepted means the messages went: answered as sent, with the accepted request's id.
 */
export async function sendMessages(
  channel: ChannelCall,
  send: { to?: string; messages: readonly TextMessage[]; retryKey: string },
): Promise<{ requestId: string | null }> {
  const path = send.to === undefined ? '/v2/bot/message/broadcast' : '/v2/bot/message/push';
  const body = send.to === undefined ? { messages: send.messages } : { to: send.to, messages: send.messages };
  const answer = await call(channel, path, { body, retryKey: send.retryKey });
  if (answer.status !== 409) acceptOrThrow(answer, 'CHANNEL_TOKEN_REVOKED');
  return { requestId: answer.requestId };
}
