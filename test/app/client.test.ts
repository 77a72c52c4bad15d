import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../app/api/client';
import { ApiError } from '../../app/api/errors';
import { meApi } from '../../app/api/me';
import { me } from './fixtures';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const unauthenticated = () =>
  json(401, { error: { code: 'UNAUTHENTICATED', message: 'Sign in first.', requestId: 'r-401' } });

describe('API client', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();

  beforeEach(() => {
    vi.stubGlobal('location', { origin: 'https://kengen.test' });
    vi.stubGlobal('fetch', fetch);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    fetch.mockReset();
  });

  function bearerOf(call: number): string | null {
    return new Headers(fetch.mock.calls[call]?.[1]?.headers).get('Authorization');
  }

  it('sends the session token as a bearer token', async () => {
    fetch.mockResolvedValueOnce(json(200, me()));
    const api = meApi(createClient({ token: () => 'tok', renew: async () => true }));

    await expect(api.me()).resolves.toEqual(me());

    expect(String(fetch.mock.calls[0]?.[0])).toBe('https://kengen.test/api/me');
    expect(bearerOf(0)).toBe('Bearer tok');
  });

  it('renews the session once on 401 and repeats the call with the new token', async () => {
    let token = 'expired';
    const renew = vi.fn(async () => {
      token = 'fresh';
      return true;
    });
    fetch.mockResolvedValueOnce(unauthenticated()).mockResolvedValueOnce(json(200, me()));
    const api = meApi(createClient({ token: () => token, renew }));

    await expect(api.me()).resolves.toEqual(me());

    expect(renew).toHaveBeenCalledTimes(1);
    expect(bearerOf(1)).toBe('Bearer fresh');
  });

  it('gives up after one renewal', async () => {
    fetch.mockResolvedValueOnce(unauthenticated()).mockResolvedValueOnce(unauthenticated());
    const renew = vi.fn(async () => true);
    const api = meApi(createClient({ token: () => 'tok', renew }));

    await expect(api.me()).rejects.toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      requestId: 'r-401',
    });
    expect(renew).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('does not repeat the call when renewal fails', async () => {
    fetch.mockResolvedValueOnce(unauthenticated());
    const api = meApi(createClient({ token: () => 'tok', renew: async () => false }));

    await expect(api.me()).rejects.toBeInstanceOf(ApiError);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('turns a missing answer into a NETWORK error, and a non-JSON one into HTTP_<status>', async () => {
    const api = meApi(createClient({ token: () => 'tok', renew: async () => true }));

    fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(api.me()).rejects.toMatchObject({ status: 0, code: 'NETWORK' });

    fetch.mockResolvedValueOnce(new Response('Bad gateway', { status: 502, statusText: 'Bad Gateway' }));
    await expect(api.me()).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
  });
});
