import { env, SELF } from 'cloudflare:test';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/**
 * Nothing in tests may reach api.line.me. Requests to LINE_API_BASE are answered here instead:
 * locally by the Worker's own stand-in (/dev/line), in the production configuration by a fake
 * "LINE" (key set, push; and for connected accounts' channels bot info, insight, quota, broadcast) that the
 * test controls, so both configurations run their real code. Pushes and channel calls are recorded as sent,
 * and a test may script LINE's next answers (5xx, 429, a lost connection).
 */
const lineKey = await generateKeyPair('ES256', { extractable: true });
const linePublicJwk: JWK = {
  ...(await exportJWK(lineKey.publicKey)),
  kid: 'line-test-1',
  alg: 'ES256',
  use: 'sig',
};

export const lineCalls: string[] = [];

/** A push as the Worker sent it to LINE, whatever LINE then answered. */
export interface SentPush {
  url: string;
  authorization: string | null;
  retryKey: string | null;
  to: string;
  messages: unknown[];
}

export const linePushes: SentPush[] = [];

/** LINE's answers to the next pushes, before the stand-in's own: an HTTP status, or no answer at all. */
const scriptedPushAnswers: Array<number | 'network'> = [];

export function answerNextPushes(...answers: Array<number | 'network'>): void {
  scriptedPushAnswers.push(...answers);
}

const PUSH_PATH = '/v2/bot/message/push';

/** Every call to LINE with a shop's channel token (connected accounts), as the Worker sent it. */
export interface ChannelRequest {
  url: string;
  path: string;
  method: string;
  authorization: string | null;
  retryKey: string | null;
  body: unknown;
}

export const channelRequests: ChannelRequest[] = [];

/** LINE's answer to a channel call: a status with LINE's `{message}`, or no answer at all. */
export type ScriptedAnswer = { status: number; message?: string } | 'network';

const scriptedChannelAnswers: Array<{ path: string; answer: ScriptedAnswer }> = [];

/** LINE's answers to the next channel calls whose path starts with `path`, before the stand-in's own. */
export function answerNextChannelCalls(path: string, ...answers: ScriptedAnswer[]): void {
  scriptedChannelAnswers.push(...answers.map((answer) => ({ path, answer })));
}

const afterChannelCalls: Array<{ path: string; meanwhile: () => Promise<void> }> = [];

/**
 * Runs `meanwhile` once LINE answered the next channel call whose path starts with `path`, before the Worker
 * reads that answer: what other people did while LINE was being asked (e.g. an admin removed the sender).
 */
export function afterNextChannelCall(path: string, meanwhile: () => Promise<void>): void {
  afterChannelCalls.push({ path, meanwhile });
}

/** The token of a channel the production fake knows: it opens a bot with that basic ID. */
export const PRODUCTION_CHANNEL_TOKEN_PREFIX = 'production-channel:';

/** What the production configuration's fake "LINE" answers to a shop's channel token. */
function productionChannelAnswer(path: string, authorization: string | null): Response {
  const prefix = `Bearer ${PRODUCTION_CHANNEL_TOKEN_PREFIX}`;
  if (!authorization?.startsWith(prefix)) {
    return Response.json({ message: 'Authentication failed.' }, { status: 401 });
  }
  const basicId = authorization.slice(prefix.length);
  const headers = { 'x-line-request-id': crypto.randomUUID() };
  if (path === '/v2/bot/info') {
    // LINE's bot user id: U and 32 hex digits, here the basic ID's bytes, so each bot has its own.
    const hex = [...basicId].map((char) => char.charCodeAt(0).toString(16).padStart(2, '0')).join('');
    const userId = `U${hex.padEnd(32, '0').slice(0, 32)}`;
    return Response.json({ userId, basicId, displayName: `本番 ${basicId}` }, { headers });
  }
  if (path.startsWith('/v2/bot/insight/followers')) {
    return Response.json({ status: 'ready', followers: 1200, targetedReaches: 1100, blocks: 100 });
  }
  if (path === '/v2/bot/message/quota') return Response.json({ type: 'none' });
  if (path === '/v2/bot/message/quota/consumption') return Response.json({ totalUsage: 0 });
  if (path === '/v2/bot/message/broadcast' || path === PUSH_PATH) return Response.json({}, { headers });
  return new Response('not found', { status: 404 });
}

function isChannelToken(authorization: string | null): boolean {
  return authorization !== `Bearer ${env.LINE_BOT_CHANNEL_ACCESS_TOKEN}`;
}

const realFetch = globalThis.fetch;
globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const response = await answerLine(input, init);
  const url = input instanceof Request ? input.url : String(input);
  const path = url.startsWith(env.LINE_API_BASE) ? url.slice(env.LINE_API_BASE.length) : null;
  const after = path === null ? -1 : afterChannelCalls.findIndex((entry) => path.startsWith(entry.path));
  if (after >= 0) await afterChannelCalls.splice(after, 1)[0]?.meanwhile();
  return response;
};

async function answerLine(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = input instanceof Request ? input.url : String(input);
  if (!url.startsWith(env.LINE_API_BASE)) {
    return realFetch(input, init);
  }
  const request = new Request(input, init);
  const path = request.url.slice(env.LINE_API_BASE.length);
  lineCalls.push(new URL(request.url).pathname);
  const authorization = request.headers.get('Authorization');
  if (path.startsWith('/v2/bot/') && isChannelToken(authorization)) {
    channelRequests.push({
      url: request.url,
      path,
      method: request.method,
      authorization,
      retryKey: request.headers.get('X-Line-Retry-Key'),
      body: request.method === 'POST' ? await request.clone().json() : null,
    });
    const scripted = scriptedChannelAnswers.findIndex((entry) => path.startsWith(entry.path));
    const answer = scripted >= 0 ? scriptedChannelAnswers.splice(scripted, 1)[0]?.answer : undefined;
    if (answer) {
      if (answer === 'network') throw new TypeError('Network connection lost.');
      return Response.json(
        { message: answer.message ?? `scripted ${answer.status}` },
        { status: answer.status },
      );
    }
    if (env.APP_ENV !== 'local') return productionChannelAnswer(path, authorization);
  }
  if (path === PUSH_PATH && !isChannelToken(authorization)) {
    const body = (await request.clone().json()) as { to: string; messages: unknown[] };
    linePushes.push({
      url: request.url,
      authorization: request.headers.get('Authorization'),
      retryKey: request.headers.get('X-Line-Retry-Key'),
      to: body.to,
      messages: body.messages,
    });
    const scripted = scriptedPushAnswers.shift();
    if (scripted === 'network') throw new TypeError('Network connection lost.');
    if (scripted !== undefined) {
      return Response.json({ message: `scripted ${scripted}` }, { status: scripted });
    }
  }
  if (env.APP_ENV === 'local') {
    return SELF.fetch(request);
  }
  if (path === '/oauth2/v2.1/certs') {
    return Response.json({ keys: [linePublicJwk] });
  }
  if (path === PUSH_PATH) {
    return Response.json({ sentMessages: [] }, { headers: { 'x-line-request-id': crypto.randomUUID() } });
  }
  return new Response('not found', { status: 404 });
}

/** `x-line-signature` as LINE computes it: base64 HMAC-SHA-256 of the raw body under the channel secret. */
export async function signWebhook(body: string, secret = env.LINE_BOT_CHANNEL_SECRET): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body));
  return btoa(String.fromCharCode(...new Uint8Array(signature)));
}

/** Signs an ID token as LINE would (for the production configuration's tests). */
export function signAsLine(claims: {
  sub: string;
  name?: string;
  aud?: string | string[];
  azp?: string;
  iss?: string;
  /** Seconds since the epoch; defaults to now. */
  iat?: number;
  expiresIn?: string;
}) {
  return new SignJWT({ name: claims.name ?? 'LINE user', ...(claims.azp ? { azp: claims.azp } : {}) })
    .setProtectedHeader({ alg: 'ES256', kid: 'line-test-1' })
    .setIssuer(claims.iss ?? 'https://access.line.me')
    .setAudience(claims.aud ?? env.LINE_CHANNEL_ID)
    .setSubject(claims.sub)
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.expiresIn ?? '1h')
    .sign(lineKey.privateKey);
}
