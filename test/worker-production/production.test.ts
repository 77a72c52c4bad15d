import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, json, signDevToken, uniqueUserId } from '../support/api';
import {
  channelRequests,
  linePushes,
  PRODUCTION_CHANNEL_TOKEN_PREFIX,
  signAsLine,
  signWebhook,
} from '../support/line-standin';

describe('the production configuration', () => {
  it('is the production environment of wrangler.toml, without the development key', () => {
    expect(env.APP_ENV).toBe('production');
    expect(env.LINE_API_BASE).toBe('https://api.line.me');
    expect(env.DEV_ID_TOKEN_KEY).toBeUndefined();
  });

  it.each([
    ['POST', '/dev/id-token'],
    ['GET', '/dev/line/oauth2/v2.1/certs'],
    ['GET', '/dev/anything'],
  ])('answers 404 on %s %s', async (method, path) => {
    const response = await call(method, path, {
      body: method === 'POST' ? { userId: 'U1', displayName: 'x' } : undefined,
    });
    expect(response.status).toBe(404);
    expect((await json<{ error: { code: string } }>(response)).error.code).toBe('NOT_FOUND');
  });

  it('rejects ID tokens signed with the development key', async () => {
    const devToken = await signDevToken({ sub: uniqueUserId('dev'), aud: env.LINE_CHANNEL_ID });
    const response = await call('POST', '/api/session', { body: { idToken: devToken } });
    expect(response.status).toBe(401);
    expect((await json<{ error: { code: string } }>(response)).error.code).toBe('INVALID_TOKEN');
  });

  it('issues invites as LIFF URLs, so that LINE opens them in the app', async () => {
    const sessionResponse = await call('POST', '/api/session', {
      body: { idToken: await signAsLine({ sub: uniqueUserId('issuer') }) },
    });
    const { token } = await json<{ token: string }>(sessionResponse);
    const account = await json<{ account: { id: string } }>(
      await call('POST', '/api/accounts', { token, body: { name: '本番の店' } }),
    );
    const issued = await json<{ url: string; token: string }>(
      await call('POST', `/api/accounts/${account.account.id}/invites`, {
        token,
        body: { role: 'operator' },
      }),
    );
    expect(issued.url).toBe(`https://liff.line.me/${env.LIFF_ID}/invite?token=${issued.token}`);
  });

  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ['issued a year from now', () => ({ iat: now() + 365 * 86_400 })],
    ['issued six minutes from now', () => ({ iat: now() + 6 * 60 })],
    ['with several audiences and no azp', () => ({ aud: [env.LINE_CHANNEL_ID, 'evil'] })],
    ['with several audiences and another azp', () => ({ aud: [env.LINE_CHANNEL_ID, 'evil'], azp: 'evil' })],
  ])('refuses LINE-signed ID tokens %s (401 INVALID_TOKEN)', async (_case, claims) => {
    const idToken = await signAsLine({ sub: uniqueUserId('claims'), ...claims() });
    const response = await call('POST', '/api/session', { body: { idToken } });
    expect(response.status).toBe(401);
    expect((await json<{ error: { code: string } }>(response)).error.code).toBe('INVALID_TOKEN');
  });

  it.each([
    ['a one-element audience array', () => ({ aud: [env.LINE_CHANNEL_ID] })],
    [
      'several audiences whose azp is the channel',
      () => ({
        aud: [env.LINE_CHANNEL_ID, 'other'],
        azp: env.LINE_CHANNEL_ID,
      }),
    ],
  ])('accepts LINE-signed ID tokens with %s', async (_case, claims) => {
    const idToken = await signAsLine({ sub: uniqueUserId('claims-ok'), ...claims() });
    expect((await call('POST', '/api/session', { body: { idToken } })).status).toBe(200);
  });

  it('signs in a LINE user whose display name holds NUL and RLO, storing it cleaned', async () => {
    const idToken = await signAsLine({ sub: uniqueUserId('dirty'), name: '\u0000Taro\u202E' });
    const response = await call('POST', '/api/session', { body: { idToken } });
    expect(response.status).toBe(200);
    expect((await json<{ user: { displayName: string } }>(response)).user.displayName).toBe('Taro');
  });

  it("accepts ID tokens signed with LINE's published keys", async () => {
    const sub = uniqueUserId('line');
    const response = await call('POST', '/api/session', { body: { idToken: await signAsLine({ sub }) } });
    expect(response.status).toBe(200);
    expect((await json<{ user: { id: string } }>(response)).user.id).toBe(sub);
  });

  it('pushes a join request to {LINE_API_BASE}/v2/bot/message/push with the configured token, through the queue', async () => {
    const signInAsLine = async (label: string, name: string) => {
      const sub = uniqueUserId(label);
      const response = await call('POST', '/api/session', {
        body: { idToken: await signAsLine({ sub, name }) },
      });
      return { userId: sub, token: (await json<{ token: string }>(response)).token };
    };
    const admin = await signInAsLine('bot-admin', '本番 管理者');
    const requester = await signInAsLine('bot-requester', '本番 申請者');
    const follow = JSON.stringify({
      destination: 'Ubot',
      events: [{ type: 'follow', timestamp: Date.now(), source: { type: 'user', userId: admin.userId } }],
    });
    const followed = await call('POST', '/api/line/webhook', {
      rawBody: follow,
      headers: { 'x-line-signature': await signWebhook(follow) },
    });
    expect(followed.status).toBe(200);
    const account = await json<{ account: { id: string } }>(
      await call('POST', '/api/accounts', { token: admin.token, body: { name: '本番の承認制の店' } }),
    );
    await call('PATCH', `/api/accounts/${account.account.id}`, {
      token: admin.token,
      body: { requireApproval: true },
    });
    const { token } = await json<{ token: string }>(
      await call('POST', `/api/accounts/${account.account.id}/invites`, {
        token: admin.token,
        body: { role: 'operator' },
      }),
    );
    const accepted = await call('POST', '/api/invites/accept', { token: requester.token, body: { token } });
    expect(accepted.status).toBe(202);
    // The queue's consumer runs on its own (production batches wait up to 5 s): wait for its last write.
    const status = async () =>
      (
        await env.DB.prepare('SELECT status FROM notifications WHERE recipient_id = ?1')
          .bind(admin.userId)
          .first<{ status: string }>()
      )?.status;
    for (let i = 0; i < 150 && (await status()) !== 'delivered'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await status()).toBe('delivered');
    const toAdmin = () => linePushes.filter((push) => push.to === admin.userId);
    expect(toAdmin()).toHaveLength(1);
    expect(toAdmin()[0]).toMatchObject({
      url: 'https://api.line.me/v2/bot/message/push',
      authorization: `Bearer ${env.LINE_BOT_CHANNEL_ACCESS_TOKEN}`,
      retryKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
      messages: [
        {
          type: 'flex',
          altText: '本番 申請者さんが 本番の承認制の店 への参加をリクエストしています（運用担当者）',
        },
      ],
    });
    expect(env.LINE_BOT_CHANNEL_ACCESS_TOKEN).toBe('production-test-bot-channel-access-token');
  });

  it('connects a channel with LINE at api.line.me, and sends with the stored token, decrypted', async () => {
    const sessionResponse = await call('POST', '/api/session', {
      body: { idToken: await signAsLine({ sub: uniqueUserId('shop-admin') }) },
    });
    const { token } = await json<{ token: string }>(sessionResponse);
    const basicId = '@prod-shop';
    const channelToken = `${PRODUCTION_CHANNEL_TOKEN_PREFIX}${basicId}`;
    const created = await call('POST', '/api/accounts', { token, body: { name: '本番の店舗', basicId } });
    const accountId = (await json<{ account: { id: string } }>(created)).account.id;
    const bearer = `Bearer ${channelToken}`;

    const connected = await call('PUT', `/api/accounts/${accountId}/channel`, {
      token,
      body: { channelAccessToken: channelToken },
    });
    expect(connected.status).toBe(200);
    expect(channelRequests.at(-1)).toMatchObject({
      url: 'https://api.line.me/v2/bot/info',
      authorization: bearer,
    });
    const row = await env.DB.prepare('SELECT * FROM account_channels WHERE account_id = ?1')
      .bind(accountId)
      .first<Record<string, unknown>>();
    expect(row?.key_id).toBe(env.CHANNEL_TOKEN_KEY_ID);
    expect(Object.values(row ?? {}).join(' ')).not.toContain(channelToken);

    const stats = await call('GET', `/api/accounts/${accountId}/stats`, { token });
    expect(stats.status).toBe(200);
    expect(channelRequests.at(-1)).toMatchObject({
      url: expect.stringMatching(/^https:\/\/api\.line\.me\/v2\/bot\/insight\/followers\?date=\d{8}$/),
      authorization: bearer,
    });
    const retryKey = crypto.randomUUID();
    const sent = await call('POST', `/api/accounts/${accountId}/broadcasts`, {
      token,
      body: { messages: [{ type: 'text', text: '本番の配信' }], retryKey },
    });
    expect(sent.status).toBe(200);
    expect(channelRequests.at(-1)).toMatchObject({
      url: 'https://api.line.me/v2/bot/message/broadcast',
      method: 'POST',
      authorization: bearer,
      retryKey,
      body: { messages: [{ type: 'text', text: '本番の配信' }] },
    });
    expect(await sent.text()).not.toContain(channelToken);
  });
});
