// Load generation (autocannon) and the few API calls that prepare it.
import autocannon from 'autocannon';
import { median } from './util.ts';

export interface LineUser {
  userId: string;
  displayName: string;
}

export interface LoadResult {
  route: string;
  connections: number;
  /** Latency of the 2xx responses, ms (autocannon's per-response times, not its 1-ms histogram). */
  p50: number;
  p99: number;
  /** 2xx responses per second of wall time. */
  rps: number;
  ok: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  /** Mean size of a 2xx response (headers and body), bytes. */
  bytes: number;
  /** Every 2xx latency, ms, ascending. */
  samples: number[];
}

export interface LoadRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  route: string;
  url: string;
  connections: number;
  /** Either a fixed number of requests (consumed state) or a duration in seconds. */
  amount?: number;
  duration?: number;
  /** A fixed request, or one built per request (each call must return the next unused state). */
  request: LoadRequest | (() => LoadRequest);
  /** Sees every response body (e.g. to collect issued tokens). */
  onResponse?: (status: number, body: string) => void;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { request } = options;
  const fixed = typeof request === 'function' ? undefined : request;
  const build = typeof request === 'function' ? request : undefined;
  const jsonHeaders = (r: LoadRequest) => ({
    ...(r.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...r.headers,
  });
  const requestParams: autocannon.Request = {
    method: fixed?.method ?? 'GET',
    path: fixed?.path ?? '/',
    ...(fixed ? { headers: jsonHeaders(fixed) } : {}),
    ...(fixed?.body === undefined ? {} : { body: fixed.body }),
    ...(build
      ? {
          setupRequest: (req: autocannon.Request) => {
            const next = build();
            return {
              ...req,
              method: next.method,
              path: next.path,
              headers: jsonHeaders(next),
              ...(next.body === undefined ? {} : { body: next.body }),
            };
          },
        }
      : {}),
    ...(options.onResponse
      ? {
          onResponse: (status: number, body: string) => options.onResponse?.(status, body),
        }
      : {}),
  };
  const latencies: number[] = [];
  let okBytes = 0;
  const statuses: Record<string, number> = {};
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        timeout: 30,
        excludeErrorStats: true,
        ...(options.amount === undefined ? { duration: options.duration ?? 3 } : { amount: options.amount }),
        requests: [requestParams],
      },
      (error, result) => {
        if (error) return reject(error);
        const seconds = (performance.now() - started) / 1000;
        const sorted = latencies.sort((a, b) => a - b);
        resolve({
          route: options.route,
          connections: options.connections,
          p50: median(sorted),
          p99: quantile(sorted, 0.99),
          rps: sorted.length / seconds,
          ok: sorted.length,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          statuses,
          seconds,
          bytes: sorted.length > 0 ? okBytes / sorted.length : 0,
          samples: sorted,
        });
      },
    );
    instance.on('response', (_client, statusCode, bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode < 200 || statusCode >= 300) return;
      latencies.push(responseTime);
      okBytes += bytes;
    });
  });
}

/** Runs `work` over `items`, at most `limit` at a time, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T);
      }
    }),
  );
  return results;
}

export async function api<T>(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; expect?: number } = {},
): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  if (response.status !== (options.expect ?? 200)) {
    throw new Error(`${method} ${path}: ${response.status} ${text}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A real ES256 ID token from the Worker's local stand-in issuer, as the LIFF mock gets one. */
export async function devIdToken(url: string, user: LineUser): Promise<string> {
  return (await api<{ idToken: string }>(url, 'POST', '/dev/id-token', { body: user })).idToken;
}

export async function signIn(url: string, user: LineUser): Promise<string> {
  const idToken = await devIdToken(url, user);
  return (await api<{ token: string }>(url, 'POST', '/api/session', { body: { idToken } })).token;
}

/** Hands out prepared items one per request, and counts how many were drawn beyond the supply. */
export function supply<T>(items: readonly T[]): { next: () => T; drawn: () => number } {
  let index = 0;
  return {
    next: () => {
      const item = items[index % items.length] as T;
      index += 1;
      return item;
    },
    drawn: () => index,
  };
}
