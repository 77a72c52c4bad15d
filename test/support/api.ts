import { env, SELF } from 'cloudflare:test';
import { importJWK, type JWK, SignJWT } from 'jose';

export const BASE = 'http://kengen.test';

let counter = 0;
/** A user id no other test in this file uses (D1 storage is shared by the tests of one file). */
export function uniqueUserId(label = 'user'): string {
  counter += 1;
  return `U-${label}-${counter}-${crypto.randomUUID().slice(0, 8)}`;
}

export async function call(
  method: string,
  path: string,
  options: {
    token?: string | undefined;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['Content-Type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  return SELF.fetch(`${BASE}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Signs an ID token with the local stand-in issuer's key, with any claims a test needs to break. */
export async function signDevToken(claims: {
  sub: string;
  name?: string;
  /** One audience, or several (then `azp` decides whether the token is ours). */
  aud?: string | string[];
  azp?: string;
  iss?: string;
  /** Seconds since the epoch; defaults to now. */
  iat?: number;
  exp?: number;
  alg?: 'ES256';
}): Promise<string> {
  const jwk = JSON.parse(env.DEV_ID_TOKEN_KEY ?? env.TEST_DEV_ID_TOKEN_KEY ?? '{}') as JWK;
  const key = await importJWK(jwk, 'ES256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: claims.name ?? 'テスト ユーザー', ...(claims.azp ? { azp: claims.azp } : {}) })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid ?? 'dev' })
    .setIssuer(claims.iss ?? 'https://access.line.me')
    .setAudience(claims.aud ?? env.LINE_CHANNEL_ID)
    .setSubject(claims.sub)
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + 3600)
    .sign(key);
}

export interface Session {
  token: string;
  userId: string;
}

/** Signs in through the real path: the stand-in issuer, then POST /api/session. */
export async function signIn(label = 'user', displayName = `${label} さん`): Promise<Session> {
  return signInAs(uniqueUserId(label), displayName);
}

/** Signs in again as someone (e.g. after moving the clock past their session's expiry). */
export async function signInAs(userId: string, displayName = 'テスト ユーザー'): Promise<Session> {
  const issued = await call('POST', '/dev/id-token', { body: { userId, displayName } });
  const { idToken } = await json<{ idToken: string }>(issued);
  const session = await call('POST', '/api/session', { body: { idToken } });
  if (session.status !== 200) throw new Error(`sign-in failed: ${session.status} ${await session.text()}`);
  const { token } = await json<{ token: string }>(session);
  return { token, userId };
}

export async function createAccount(
  session: Session,
  name = 'テスト店舗',
  basicId?: string,
): Promise<string> {
  const response = await call('POST', '/api/accounts', { token: session.token, body: { name, basicId } });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return (await json<{ account: { id: string } }>(response)).account.id;
}

export interface IssuedInvite {
  invite: { id: string; role: string; status: string; createdAt: string; expiresAt: string };
  token: string;
  url: string;
}

export async function issueInvite(
  session: Session,
  resourceId: string,
  role = 'operator',
  kind: 'accounts' | 'groups' = 'accounts',
): Promise<IssuedInvite> {
  const response = await call('POST', `/api/${kind}/${resourceId}/invites`, {
    token: session.token,
    body: { role },
  });
  if (response.status !== 201) throw new Error(`issue failed: ${response.status} ${await response.text()}`);
  return json<IssuedInvite>(response);
}

export function useInvite(session: Session, action: 'preview' | 'accept' | 'decline', token: string) {
  return call('POST', `/api/invites/${action}`, { token: session.token, body: { token } });
}

export async function errorCode(response: Response): Promise<string> {
  return (await json<{ error: { code: string } }>(response)).error.code;
}
