import { env, SELF } from 'cloudflare:test';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/**
 * Nothing in tests may reach api.line.me. Requests to LINE_API_BASE are answered here instead:
 * locally by the Worker's own stand-in (/dev/line), in the production configuration by a fake
 * "LINE" key set that the test controls, so both configurations run their real verification code.
 */
const lineKey = await generateKeyPair('ES256', { extractable: true });
const linePublicJwk: JWK = {
  ...(await exportJWK(lineKey.publicKey)),
  kid: 'line-test-1',
  alg: 'ES256',
  use: 'sig',
};

export const lineCalls: string[] = [];

const realFetch = globalThis.fetch;
globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!url.href.startsWith(env.LINE_API_BASE)) {
    return realFetch(input, init);
  }
  lineCalls.push(url.pathname);
  if (env.APP_ENV === 'local') {
    return SELF.fetch(url.href);
  }
  if (url.pathname === '/oauth2/v2.1/certs') {
    return Response.json({ keys: [linePublicJwk] });
  }
  return new Response('not found', { status: 404 });
};

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
