import { hc } from 'hono/client';
import type { AppType } from '../../worker/index';
import { networkError } from './errors';

export type Client = ReturnType<typeof hc<AppType>>;

/** What the client needs from the session: the current bearer token, and a way to get a new one. */
export type Auth = {
  token(): string | null;
  /** Signs in again; resolves to false when that failed. */
  renew(): Promise<boolean>;
};

function withBearer(init: RequestInit | undefined, token: string | null): RequestInit {
  const headers = new Headers(init?.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return { ...init, headers };
}

async function send(input: RequestInfo | URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (cause) {
    throw networkError(cause);
  }
}

/**
 * The typed API client. With `auth`, every call carries the session's bearer token, and a 401 (an expired
 * session) renews the session once and repeats the call. Without it, the client is for the calls that
 * precede a session (POST /api/session, and /dev/id-token in mock builds).
 */
export function createClient(auth?: Auth): Client {
  const authFetch: typeof fetch = async (input, init) => {
    if (!auth) return send(input, init ?? {});
    const response = await send(input, withBearer(init, auth.token()));
    if (response.status !== 401 || !(await auth.renew())) return response;
    return send(input, withBearer(init, auth.token()));
  };
  return hc<AppType>(location.origin, { fetch: authFetch });
}
