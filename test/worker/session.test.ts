import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createAccount, json, signDevToken, signIn, uniqueUserId } from '../support/api';
import { lineCalls } from '../support/line-standin';
import { signInSpeaking, storedLanguage } from '../support/notifications';

async function exchange(idToken: string) {
  return call('POST', '/api/session', { body: { idToken } });
}

describe('POST /api/session', () => {
  it('verifies a LINE ID token and returns a short-lived session with the user from its claims', async () => {
    const sub = uniqueUserId('valid');
    const response = await exchange(await signDevToken({ sub, name: '佐藤 健' }));
    expect(response.status).toBe(200);
    const body = await json<{ token: string; expiresAt: string; user: { id: string; displayName: string } }>(
      response,
    );
    expect(body.user).toEqual({ id: sub, displayName: '佐藤 健', pictureUrl: null });
    const ttl = Date.parse(body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(50 * 60_000);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000);
    const me = await call('GET', '/api/me', { token: body.token });
    expect(me.status).toBe(200);
  });

  it('answers with what GET /api/me answers when asked (withMe), and leaves it out otherwise', async () => {
    const owner = await signIn('with-me', '山本 さん');
    await createAccount(owner, 'カフェ花 新宿店');
    const idToken = await signDevToken({ sub: owner.userId, name: '山本 さん' });

    const withMe = await json<{ token: string; me?: unknown }>(
      await call('POST', '/api/session', { body: { idToken, withMe: true } }),
    );
    const me = await json(await call('GET', '/api/me', { token: withMe.token }));
    expect(withMe.me).toEqual(me);
    expect(me).toMatchObject({ resources: [{ name: 'カフェ花 新宿店', role: 'admin' }] });

    const without = await json(await call('POST', '/api/session', { body: { idToken, withMe: false } }));
    expect(without).not.toHaveProperty('me');
  });

  it('answers a first sign-in with withMe with an empty home', async () => {
    const userId = uniqueUserId('first-with-me');
    const idToken = await signDevToken({ sub: userId, name: '初めて さん' });
    const body = await json(await call('POST', '/api/session', { body: { idToken, withMe: true } }));
    expect(body.me).toEqual({
      user: { id: userId, displayName: '初めて さん', pictureUrl: null },
      // Not a friend of the bot until LINE's follow event says so; notifications are on until turned off.
      notifications: { enabled: true, reachable: false },
      summary: { accounts: 0, groups: 0, administered: 0, pendingRequests: 0 },
      resources: [],
      nextCursor: { account: null, group: null },
      pendingRequests: [],
      waiting: {
        requests: { total: 0, items: [] },
        expiringInvites: { total: 0, items: [] },
        reviews: { total: 0, items: [] },
      },
    });
  });

  it('updates the display name at each sign-in', async () => {
    const sub = uniqueUserId('rename');
    await exchange(await signDevToken({ sub, name: '旧 名前' }));
    const response = await exchange(await signDevToken({ sub, name: '新 名前' }));
    expect((await json<{ user: { displayName: string } }>(response)).user.displayName).toBe('新 名前');
  });

  it.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 60 }],
    ['wrong audience', { aud: '9999999999' }],
    ['wrong issuer', { iss: 'https://evil.example' }],
  ])('refuses a token with %s (401 INVALID_TOKEN)', async (_case, claims) => {
    const response = await exchange(await signDevToken({ sub: uniqueUserId('bad'), ...claims }));
    expect(response.status).toBe(401);
    expect((await json<{ error: { code: string } }>(response)).error.code).toBe('INVALID_TOKEN');
  });

  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ['issued a year from now', () => ({ iat: now() + 365 * 86_400, exp: now() + 366 * 86_400 })],
    ['issued six minutes from now', () => ({ iat: now() + 6 * 60 })],
    ['several audiences and no azp', () => ({ aud: [env.LINE_CHANNEL_ID, 'evil'] })],
    ['several audiences and another azp', () => ({ aud: [env.LINE_CHANNEL_ID, 'evil'], azp: 'evil' })],
    ['one audience and another azp', () => ({ azp: 'evil' })],
  ])('refuses a token %s (401 INVALID_TOKEN)', async (_case, claims) => {
    const response = await exchange(await signDevToken({ sub: uniqueUserId('claims'), ...claims() }));
    expect(response.status).toBe(401);
    expect((await json<{ error: { code: string } }>(response)).error.code).toBe('INVALID_TOKEN');
  });

  it.each([
    ['issued four minutes from now (clock skew)', () => ({ iat: now() + 4 * 60 })],
    ['whose audience is a one-element array', () => ({ aud: [env.LINE_CHANNEL_ID] })],
    [
      'with several audiences whose azp is the channel',
      () => ({
        aud: [env.LINE_CHANNEL_ID, 'other'],
        azp: env.LINE_CHANNEL_ID,
      }),
    ],
  ])('accepts a token %s', async (_case, claims) => {
    const response = await exchange(await signDevToken({ sub: uniqueUserId('claims-ok'), ...claims() }));
    expect(response.status).toBe(200);
  });

  it.each([
    ['control and bidi characters', '\u0000Taro\u202E', 'Taro'],
    ['a decomposed kana', ' か\u3099の店 ', 'がの店'],
    ['only invisible characters', '\u200B\u200D\uFEFF', 'LINEユーザー'],
    ['only controls', '\u0000\u0007', 'LINEユーザー'],
    ['more than 100 characters', '😀'.repeat(150), '😀'.repeat(100)],
  ])('signs in a LINE user whose display name has %s, storing it cleaned', async (_case, name, stored) => {
    const sub = uniqueUserId('dirty-name');
    const response = await exchange(await signDevToken({ sub, name }));
    expect(response.status).toBe(200);
    const body = await json<{ token: string; user: { displayName: string } }>(response);
    expect(body.user.displayName).toBe(stored);
    const me = await json<{ user: { displayName: string } }>(
      await call('GET', '/api/me', { token: body.token }),
    );
    expect(me.user.displayName).toBe(stored);
  });

  it('refuses a token whose signature does not match', async () => {
    const token = await signDevToken({ sub: uniqueUserId('sig') });
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature?.startsWith('A') ? 'B' : 'A'}${signature?.slice(1)}`;
    const response = await exchange(forged);
    expect(response.status).toBe(401);
    expect((await json<{ error: { code: string } }>(response)).error.code).toBe('INVALID_TOKEN');
  });

  it('refuses a token whose claims were altered after signing', async () => {
    const token = await signDevToken({ sub: uniqueUserId('alter') });
    const [header, , signature] = token.split('.');
    const payload = btoa(JSON.stringify({ sub: 'U-admin', iss: 'https://access.line.me', exp: 9e9 }))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
    const response = await exchange(`${header}.${payload}.${signature}`);
    expect(response.status).toBe(401);
  });

  it.each([['not-a-jwt'], ['a.b.c'], ['']])(
    'answers a malformed token %j with a 4xx JSON error',
    async (idToken) => {
      const response = await exchange(idToken);
      expect([400, 401]).toContain(response.status);
      const body = await json<{ error: { code: string; requestId: string } }>(response);
      expect(['INVALID_TOKEN', 'INVALID_INPUT']).toContain(body.error.code);
      expect(body.error.requestId).toBe(response.headers.get('X-Request-Id'));
    },
  );

  it('fetches LINE keys once and reuses them across sign-ins', async () => {
    await signIn('cache-a');
    const before = lineCalls.length;
    await signIn('cache-b');
    await signIn('cache-c');
    expect(lineCalls.length).toBe(before);
  });

  describe('the LINE language (for the language of LINE messages)', () => {
    it('stores the tag the app sends, in its canonical form, and keeps it when a sign-in sends none', async () => {
      const sub = uniqueUserId('language');
      const first = await signInSpeaking(sub, 'EN-us');
      expect(first.status).toBe(200);
      expect(await json(first)).not.toHaveProperty('user.language');
      expect(await storedLanguage(sub)).toBe('en-US');

      expect((await exchange(await signDevToken({ sub }))).status).toBe(200);
      expect(await storedLanguage(sub)).toBe('en-US');

      expect((await signInSpeaking(sub, 'ja')).status).toBe(200);
      expect(await storedLanguage(sub)).toBe('ja');
    });

    it('stores nothing for someone who never sent one: their messages are in Japanese', async () => {
      const sub = uniqueUserId('no-language');
      expect((await exchange(await signDevToken({ sub }))).status).toBe(200);
      expect(await storedLanguage(sub)).toBeNull();
    });

    it.each([
      ['too long', `en-${'x'.repeat(40)}`],
      ['an underscore', 'en_US'],
      ['empty', ''],
      ['one letter', 'e'],
      ['a NUL', 'ja\u0000'],
      ['a right-to-left override', 'en\u202E'],
      ['markup', '<script>'],
      ['SQL', "ja'; DROP TABLE users; --"],
      ['a dangling subtag', 'en-'],
      ['a lone singleton (not well-formed BCP 47)', 'en-a'],
      ['a number', 42],
      ['null', null],
      ['an array', ['ja']],
      ['an object', { tag: 'ja' }],
    ])(
      'ignores a language with %s: the sign-in succeeds and the stored one stays',
      async (_case, language) => {
        const sub = uniqueUserId('bad-language');
        expect((await signInSpeaking(sub, 'fr')).status).toBe(200);
        const response = await signInSpeaking(sub, language);
        expect(response.status).toBe(200);
        expect(await json(response)).toHaveProperty('token');
        expect(await storedLanguage(sub)).toBe('fr');

        const newcomer = uniqueUserId('bad-language-new');
        expect((await signInSpeaking(newcomer, language)).status).toBe(200);
        expect(await storedLanguage(newcomer)).toBeNull();
      },
    );

    it('rides in the sign-in’s one round trip, with withMe too', async () => {
      const sub = uniqueUserId('language-with-me');
      const idToken = await signDevToken({ sub });
      const response = await call('POST', '/api/session', {
        body: { idToken, withMe: true, language: 'th' },
      });
      expect(response.status).toBe(200);
      expect(await json(response)).toHaveProperty('me');
      expect(await storedLanguage(sub)).toBe('th');
    });

    it('is documented in the OpenAPI document as an optional BCP 47 tag', async () => {
      const document = await json<{
        paths: Record<
          string,
          Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
        >;
      }>(await call('GET', '/api/openapi.json'));
      const schema = document.paths['/api/session']?.post?.requestBody?.content['application/json']
        ?.schema as {
        properties: Record<string, unknown>;
        required?: string[];
      };
      expect(schema.properties.language).toMatchObject({ type: 'string', maxLength: 35 });
      expect(schema.required ?? []).not.toContain('language');
    });
  });

  it('refuses a request without a session, or with a forged one', async () => {
    expect((await call('GET', '/api/me')).status).toBe(401);
    const forged = await call('GET', '/api/me', { token: await signDevToken({ sub: 'U-x' }) });
    expect(forged.status).toBe(401);
    expect((await json<{ error: { code: string } }>(forged)).error.code).toBe('UNAUTHENTICATED');
  });
});
