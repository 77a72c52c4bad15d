import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../app/api/client';
import { ApiError, memberLimitOf } from '../../app/api/errors';
import { invitesApi } from '../../app/api/invites';
import { meApi } from '../../app/api/me';
import { describeError } from '../../app/i18n/labels';
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

  it('keeps the details of MEMBER_LIMIT, and the screens say by how much the limit is passed', async () => {
    const details = { seats: 99, adding: 4, limit: 100 };
    fetch.mockResolvedValueOnce(
      json(409, {
        error: { code: 'MEMBER_LIMIT', message: 'The member limit is reached.', requestId: 'r-409', details },
      }),
    );
    const api = invitesApi(createClient({ token: () => 'tok', renew: async () => true }));

    const error = await api.issue('account', 'a-1', 'operator').catch((cause: unknown) => cause);

    expect(error).toBeInstanceOf(ApiError);
    expect(memberLimitOf(error)).toEqual(details);
    expect(describeError(error)).toEqual({
      message: expect.stringContaining('上限100人を3人超えます'),
      requestId: 'r-409',
    });
  });

  it.each([
    { why: 'without details', details: undefined },
    { why: 'with details of another shape', details: { seats: '99' } },
  ])('falls back to the plain MEMBER_LIMIT message $why', ({ details }) => {
    const error = new ApiError(409, 'MEMBER_LIMIT', 'The member limit is reached.', 'r-409', details);
    expect(memberLimitOf(error)).toBeNull();
    expect(describeError(error).message).toBe('メンバーが上限(100人)に達しています。');
  });
});
