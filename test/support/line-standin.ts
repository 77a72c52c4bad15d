import { env, SELF } from 'cloudflare:test';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/**
 * Nothing in tests may reach api.line.me. Requests to LINE_API_BASE are answered here instead:
 * locally by the Worker's own stand-in (/dev/line), in the production configuration by a fake
 * "LINE" (key set, push) that the test controls, so both configurations run their real code. Pushes are
 * recorded as sent, and a test may script LINE's next answers (5xx, 429, a lost connection).
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

const realFetch = globalThis.fetch;
globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : String(input);
  if (!url.startsWith(env.LINE_API_BASE)) {
    return realFetch(input, init);
  }
  const request = new Request(input, init);
  const path = request.url.slice(env.LINE_API_BASE.length);
  lineCalls.push(new URL(request.url).pathname);
  if (path === PUSH_PATH) {
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
};

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
