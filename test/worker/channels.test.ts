import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { decryptToken, encryptToken } from '../../worker/channels/crypto';
import { call, createAccount, errorCode, json, type Session, signIn } from '../support/api';
import {
  broadcast,
  connect,
  connectedAccount,
  databaseDump,
  type SentDelivery,
  standinBroadcasts,
  text,
  tokenFor,
  uniqueBasicId,
} from '../support/channels';
import { addAccountToGroup, auditActions, createGroup, grantRole } from '../support/fixtures';
import { afterNextChannelCall, answerNextChannelCalls, channelRequests } from '../support/line-standin';
import { remove } from '../support/members';

interface AccountPage {
  account: { basicId: string | null };
  channel: { connected: boolean; basicId?: string; displayName?: string; pictureUrl?: string | null };
}

interface AuditEvent {
  action: string;
  before: unknown;
  after: Record<string, unknown> | null;
}

async function auditEvents(session: Session, accountId: string): Promise<AuditEvent[]> {
  const response = await call('GET', `/api/accounts/${accountId}/audit?limit=100`, { token: session.token });
  expect(response.status).toBe(200);
  return (await json<{ events: AuditEvent[] }>(response)).events;
}

function page(session: Session, accountId: string) {
  return call('GET', `/api/accounts/${accountId}`, { token: session.token });
}

describe('connecting a channel (PUT /api/accounts/{id}/channel)', () => {
  it('verifies the token with LINE and shows the account as connected, to everyone who sees it', async () => {
    const admin = await signIn('admin', '管理 太郎');
    const operator = await signIn('operator');
    const basicId = uniqueBasicId();
    const accountId = await createAccount(admin, '渋谷店', basicId);
    await grantRole(accountId, operator.userId, 'operator', admin.userId);

    const response = await connect(admin, accountId, tokenFor(basicId));
    expect(response.status).toBe(200);
    const { channel } = await json<{ channel: Record<string, unknown> }>(response);
    expect(channel).toEqual({
      connected: true,
      basicId,
      displayName: `Bot ${basicId}`,
      pictureUrl: expect.stringContaining('/dev/line/bot-pictures/'),
      connectedAt: expect.any(String),
      connectedBy: { userId: admin.userId, displayName: '管理 太郎' },
    });
    const info = channelRequests.at(-1);
    expect(info).toMatchObject({ path: '/v2/bot/info', authorization: `Bearer ${tokenFor(basicId)}` });

    const seen = await json<AccountPage>(await page(operator, accountId));
    expect(seen.channel).toEqual(channel);
    const events = await auditEvents(admin, accountId);
    expect(events[0]).toMatchObject({
      action: 'channel.connected',
      before: null,
      after: { basicId, displayName: `Bot ${basicId}` },
    });
  });

  it('shows an account without a channel as not connected, and groups carry no channel', async () => {
    const admin = await signIn('admin');
    const accountId = await createAccount(admin, '未接続の店');
    expect((await json<AccountPage>(await page(admin, accountId))).channel).toEqual({ connected: false });
    const groupId = await createGroup(admin);
    const group = await json<Record<string, unknown>>(
      await call('GET', `/api/groups/${groupId}`, { token: admin.token }),
    );
    expect(group).not.toHaveProperty('channel');
  });

  it('refuses a token of another account’s bot: 409 CHANNEL_MISMATCH naming both basic IDs', async () => {
    const admin = await signIn('admin');
    const basicId = uniqueBasicId('mine');
    const other = uniqueBasicId('other');
    const accountId = await createAccount(admin, '自分の店', basicId);
    const response = await connect(admin, accountId, tokenFor(other));
    expect(response.status).toBe(409);
    const { error } = await json<{ error: { code: string; message: string; details: unknown } }>(response);
    expect(error.code).toBe('CHANNEL_MISMATCH');
    expect(error.message).toContain(basicId);
    expect(error.message).toContain(other);
    expect(error.details).toEqual({ accountBasicId: basicId, channelBasicId: other });
    expect((await json<AccountPage>(await page(admin, accountId))).channel).toEqual({ connected: false });
  });

  it.each([
    ['a token LINE does not know (401)', undefined],
    ['a token LINE answers 403 to', 403],
  ])('refuses %s: 400 CHANNEL_TOKEN_INVALID, nothing stored', async (_case, scripted) => {
    const admin = await signIn('admin');
    const basicId = uniqueBasicId();
    const accountId = await createAccount(admin, '店', basicId);
    if (scripted) answerNextChannelCalls('/v2/bot/info', { status: scripted, message: 'Forbidden' });
    const response = await connect(admin, accountId, scripted ? tokenFor(basicId) : 'not-a-channel-token');
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('CHANNEL_TOKEN_INVALID');
    expect(await auditActions(accountId)).not.toContain('channel.connected');
  });

  it('connects one channel to one account only: 409 CHANNEL_IN_USE', async () => {
    const admin = await signIn('admin');
    const { basicId } = await connectedAccount(admin);
    const second = await createAccount(admin, '基本ID未登録の店');
    const response = await connect(admin, second, tokenFor(basicId));
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe('CHANNEL_IN_USE');
    const seen = await json<AccountPage>(await page(admin, second));
    expect(seen.account.basicId).toBeNull();
    expect(seen.channel).toEqual({ connected: false });
  });

  it('accepts the channel of an account registered under the bot’s premium ID', async () => {
    const admin = await signIn('admin');
    const basicId = uniqueBasicId('basic');
    const premiumId = uniqueBasicId('premium');
    const accountId = await createAccount(admin, 'プレミアムIDの店', premiumId);
    const withoutPremium = await connect(admin, accountId, tokenFor(basicId));
    expect(await errorCode(withoutPremium)).toBe('CHANNEL_MISMATCH');
    const response = await connect(admin, accountId, `${tokenFor(basicId)}+${premiumId}`);
    expect(response.status).toBe(200);
    const seen = await json<AccountPage>(await page(admin, accountId));
    // The account keeps the ID it was registered under; the channel shows the bot's basic ID.
    expect(seen.account.basicId).toBe(premiumId);
    expect(seen.channel).toMatchObject({ connected: true, basicId });
  });

  it('gives an account registered without a basic ID the channel’s', async () => {
    const admin = await signIn('admin');
    const accountId = await createAccount(admin, '基本IDなし');
    const basicId = uniqueBasicId();
    expect((await connect(admin, accountId, tokenFor(basicId))).status).toBe(200);
    const seen = await json<AccountPage>(await page(admin, accountId));
    expect(seen.account.basicId).toBe(basicId);
    expect(seen.channel).toMatchObject({ connected: true, basicId });
  });

  it('replaces the token on a second PUT (LINE reissued it), audited with what was before', async () => {
    const admin = await signIn('admin');
    const { accountId, basicId, token } = await connectedAccount(admin);
    expect((await connect(admin, accountId, `  ${token}  `)).status).toBe(200);
    const [latest] = await auditEvents(admin, accountId);
    expect(latest).toMatchObject({ action: 'channel.connected', before: { basicId }, after: { basicId } });
  });

  it('is for admins: an operator gets 403, an admin through a group may, a stranger gets 404', async () => {
    const admin = await signIn('admin');
    const operator = await signIn('operator');
    const groupAdmin = await signIn('groupadmin');
    const groupOperator = await signIn('groupoperator');
    const stranger = await signIn('stranger');
    const basicId = uniqueBasicId();
    const accountId = await createAccount(admin, '店', basicId);
    await grantRole(accountId, operator.userId, 'operator', admin.userId);
    const groupId = await createGroup(groupAdmin);
    await grantRole(groupId, groupOperator.userId, 'operator', groupAdmin.userId);
    await addAccountToGroup(groupId, accountId, admin.userId);
    const before = channelRequests.length;
    for (const [who, status, code] of [
      [operator, 403, 'FORBIDDEN'],
      [groupOperator, 403, 'FORBIDDEN'],
      [stranger, 404, 'NOT_FOUND'],
    ] as const) {
      const response = await connect(who, accountId, tokenFor(basicId));
      expect(response.status).toBe(status);
      expect(await errorCode(response)).toBe(code);
    }
    // Refused before LINE is asked: nobody without the right can make Kengen try tokens.
    expect(channelRequests.length).toBe(before);
    expect((await connect(groupAdmin, accountId, tokenFor(basicId))).status).toBe(200);
    const asGroup = await call('PUT', `/api/accounts/${groupId}/channel`, {
      token: groupAdmin.token,
      body: { channelAccessToken: tokenFor(uniqueBasicId()) },
    });
    expect(asGroup.status).toBe(404);
  });

  it.each([
    ['an empty token', ''],
    ['only spaces', '   '],
    ['1001 characters', 'a'.repeat(1001)],
    ['a non-ASCII character', 'トークン'],
    ['a line break inside', 'abc\ndef'],
    ['a space inside (LINE’s tokens have none)', 'abc def'],
    ['a number', 42],
  ])('refuses %s: 400 INVALID_INPUT', async (_case, channelAccessToken) => {
    const admin = await signIn('admin');
    const accountId = await createAccount(admin);
    const response = await call('PUT', `/api/accounts/${accountId}/channel`, {
      token: admin.token,
      body: { channelAccessToken },
    });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('INVALID_INPUT');
  });

  it('answers 503 LINE_UNAVAILABLE when LINE cannot be reached, 429 when it is busy', async () => {
    const admin = await signIn('admin');
    const basicId = uniqueBasicId();
    const accountId = await createAccount(admin, '店', basicId);
    answerNextChannelCalls('/v2/bot/info', 'network', { status: 429, message: 'Too many requests' });
    expect(await errorCode(await connect(admin, accountId, tokenFor(basicId)))).toBe('LINE_UNAVAILABLE');
    const busy = await connect(admin, accountId, tokenFor(basicId));
    expect(busy.status).toBe(429);
    expect(await errorCode(busy)).toBe('LINE_RATE_LIMITED');
  });
});

describe('disconnecting (DELETE /api/accounts/{id}/channel)', () => {
  it('forgets the token, audited; then stats and sends answer 409 CHANNEL_NOT_CONNECTED', async () => {
    const admin = await signIn('admin');
    const operator = await signIn('operator');
    const { accountId, basicId } = await connectedAccount(admin);
    await grantRole(accountId, operator.userId, 'operator', admin.userId);
    const refused = await call('DELETE', `/api/accounts/${accountId}/channel`, { token: operator.token });
    expect(refused.status).toBe(403);

    const response = await call('DELETE', `/api/accounts/${accountId}/channel`, { token: admin.token });
    expect(response.status).toBe(204);
    expect((await json<AccountPage>(await page(admin, accountId))).channel).toEqual({ connected: false });
    const row = await env.DB.prepare('SELECT count(*) AS n FROM account_channels WHERE account_id = ?1')
      .bind(accountId)
      .first<{ n: number }>();
    expect(row?.n).toBe(0);
    expect((await auditEvents(admin, accountId))[0]).toMatchObject({
      action: 'channel.disconnected',
      before: { basicId },
      after: null,
    });

    const again = await call('DELETE', `/api/accounts/${accountId}/channel`, { token: admin.token });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('CHANNEL_NOT_CONNECTED');
    for (const response of [
      await call('GET', `/api/accounts/${accountId}/stats`, { token: admin.token }),
      await call('GET', `/api/accounts/${accountId}/broadcasts/audience`, { token: admin.token }),
      await broadcast(admin, accountId, { messages: text('こんにちは') }),
      await broadcast(operator, accountId, { messages: text('テスト') }, 'test'),
    ]) {
      expect(response.status).toBe(409);
      expect(await errorCode(response)).toBe('CHANNEL_NOT_CONNECTED');
    }
  });
});

describe('the token is a secret', () => {
  it('is never in an answer, an audit event, or readable anywhere in D1', async () => {
    const admin = await signIn('admin');
    const { accountId, token } = await connectedAccount(admin);
    const answers = [
      await connect(admin, accountId, token),
      await page(admin, accountId),
      await call('GET', `/api/accounts/${accountId}/stats`, { token: admin.token }),
      await call('GET', `/api/accounts/${accountId}/broadcasts/audience`, { token: admin.token }),
      await broadcast(admin, accountId, { messages: text('秘密は送らない') }),
      await broadcast(admin, accountId, { messages: text('テスト') }, 'test'),
      await call('GET', `/api/accounts/${accountId}/audit?limit=100`, { token: admin.token }),
      await call('GET', `/api/accounts/${accountId}/members`, { token: admin.token }),
      await call('GET', '/api/me/resources?kind=account', { token: admin.token }),
    ];
    for (const response of answers) {
      expect(response.status).toBe(200);
      expect(await response.text()).not.toContain(token);
    }
    const row = await env.DB.prepare('SELECT * FROM account_channels WHERE account_id = ?1')
      .bind(accountId)
      .first<Record<string, unknown>>();
    expect(row).not.toBeNull();
    expect(Object.values(row ?? {}).join(' ')).not.toContain(token);
    // Not even the part after the prefix, nor its base64.
    const dump = await databaseDump();
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(btoa(token));
  });

  it('is encrypted to its account: another account id, or no key, does not decrypt it', async () => {
    const sealed = await encryptToken(env, 'account-a', 'secret-token');
    expect(await decryptToken(env, 'account-a', sealed)).toBe('secret-token');
    await expect(decryptToken(env, 'account-b', sealed)).rejects.toThrow();
    const rotated = {
      CHANNEL_TOKEN_KEY: btoa('a-new-channel-key-of-32-bytes-00'),
      CHANNEL_TOKEN_KEY_ID: 'local-2',
    };
    await expect(decryptToken(rotated, 'account-a', sealed)).rejects.toThrow(/key "local-1".*no such key/);
    const retired = JSON.stringify({ [env.CHANNEL_TOKEN_KEY_ID]: env.CHANNEL_TOKEN_KEY });
    const withRetired = { ...rotated, CHANNEL_TOKEN_KEYS_RETIRED: retired };
    expect(await decryptToken(withRetired, 'account-a', sealed)).toBe('secret-token');
    expect((await encryptToken(withRetired, 'account-a', 'x')).keyId).toBe('local-2');
    await expect(encryptToken({ ...rotated, CHANNEL_TOKEN_KEY: 'short' }, 'a', 'x')).rejects.toThrow(
      /not base64 of 32 bytes/,
    );
    // The current id listed as retired with another key: one of the two would silently be ignored.
    const sameId = JSON.stringify({ 'local-2': env.CHANNEL_TOKEN_KEY });
    await expect(encryptToken({ ...rotated, CHANNEL_TOKEN_KEYS_RETIRED: sameId }, 'a', 'x')).rejects.toThrow(
      /another key under the current id "local-2"/,
    );
    await expect(
      decryptToken({ ...rotated, CHANNEL_TOKEN_KEYS_RETIRED: sameId }, 'a', sealed),
    ).rejects.toThrow(/another key under the current id/);
    // The same key listed again is harmless.
    const repeated = JSON.stringify({ 'local-2': rotated.CHANNEL_TOKEN_KEY });
    expect((await encryptToken({ ...rotated, CHANNEL_TOKEN_KEYS_RETIRED: repeated }, 'a', 'x')).keyId).toBe(
      'local-2',
    );
  });

  it.each([
    ['its key id is no longer configured', `key_id = 'gone-1'`],
    [
      'it was encrypted for another account',
      'token_ciphertext = (SELECT token_ciphertext FROM account_channels WHERE account_id = ?2), token_iv = (SELECT token_iv FROM account_channels WHERE account_id = ?2)',
    ],
    ['the row is damaged', `token_ciphertext = 'AAAA'`],
  ])(
    'answers 409 CHANNEL_TOKEN_UNREADABLE, not a 500, when the stored token cannot be decrypted: %s',
    async (_case, change) => {
      const admin = await signIn('admin');
      const { accountId, token } = await connectedAccount(admin);
      const other = await connectedAccount(admin);
      const update = env.DB.prepare(`UPDATE account_channels SET ${change} WHERE account_id = ?1`);
      await (change.includes('?2') ? update.bind(accountId, other.accountId) : update.bind(accountId)).run();
      const errors: unknown[] = [];
      const log = console.error;
      console.error = (...args: unknown[]) => errors.push(...args);
      try {
        for (const response of [
          await call('GET', `/api/accounts/${accountId}/stats`, { token: admin.token }),
          await call('GET', `/api/accounts/${accountId}/broadcasts/audience`, { token: admin.token }),
          await broadcast(admin, accountId, { messages: text('読めない') }),
          await broadcast(admin, accountId, { messages: text('読めない') }, 'test'),
        ]) {
          expect(response.status).toBe(409);
          expect(await errorCode(response)).toBe('CHANNEL_TOKEN_UNREADABLE');
        }
      } finally {
        console.error = log;
      }
      // Logged with the key id for whoever keeps the keys; never the token.
      expect(errors.join('\n')).toContain('channel_token_unreadable');
      expect(errors.join('\n')).not.toContain(token);
      // An admin's reconnect stores the token anew, under the current key.
      expect((await connect(admin, accountId, token)).status).toBe(200);
      expect((await call('GET', `/api/accounts/${accountId}/stats`, { token: admin.token })).status).toBe(
        200,
      );
    },
  );
});

/**
 * Every role, directly and through a group: `g…` hold the role through a group that contains the account.
 * SPEC §3: 分析 for admin, operator, operator_no_broadcast; 配信 for admin, operator, operator_no_stats;
 * test send for everyone with access; no access → 404.
 */
describe('the roles gate real work', () => {
  type Who =
    | 'admin'
    | 'operator'
    | 'noBroadcast'
    | 'noStats'
    | 'gAdmin'
    | 'gOperator'
    | 'gNoBroadcast'
    | 'gNoStats'
    | 'stranger';
  let people: Record<Who, Session>;
  let accountId: string;

  beforeAll(async () => {
    const entries = await Promise.all(
      (
        [
          'admin',
          'operator',
          'noBroadcast',
          'noStats',
          'gAdmin',
          'gOperator',
          'gNoBroadcast',
          'gNoStats',
          'stranger',
        ] as const
      ).map(async (who) => [who, await signIn(who)] as const),
    );
    people = Object.fromEntries(entries) as Record<Who, Session>;
    ({ accountId } = await connectedAccount(people.admin));
    await grantRole(accountId, people.operator.userId, 'operator');
    await grantRole(accountId, people.noBroadcast.userId, 'operator_no_broadcast');
    await grantRole(accountId, people.noStats.userId, 'operator_no_stats');
    const groupId = await createGroup(people.gAdmin);
    await grantRole(groupId, people.gOperator.userId, 'operator');
    await grantRole(groupId, people.gNoBroadcast.userId, 'operator_no_broadcast');
    await grantRole(groupId, people.gNoStats.userId, 'operator_no_stats');
    await addAccountToGroup(groupId, accountId, people.admin.userId);
  });

  // 配信 (SPEC §3): every role but operator_no_broadcast, through a group as directly.
  const mayBroadcast: Record<Who, number> = {
    admin: 200,
    operator: 200,
    noBroadcast: 403,
    noStats: 200,
    gAdmin: 200,
    gOperator: 200,
    gNoBroadcast: 403,
    gNoStats: 200,
    stranger: 404,
  };
  const matrix: Array<[string, (who: Session) => Promise<Response>, Record<Who, number>]> = [
    [
      'GET …/stats',
      (who) => call('GET', `/api/accounts/${accountId}/stats`, { token: who.token }),
      {
        admin: 200,
        operator: 200,
        noBroadcast: 200,
        noStats: 403,
        gAdmin: 200,
        gOperator: 200,
        gNoBroadcast: 200,
        gNoStats: 403,
        stranger: 404,
      },
    ],
    [
      'GET …/broadcasts/audience',
      (who) => call('GET', `/api/accounts/${accountId}/broadcasts/audience`, { token: who.token }),
      mayBroadcast,
    ],
    [
      'POST …/broadcasts',
      (who) => broadcast(who, accountId, { messages: text('本日のおすすめ') }),
      mayBroadcast,
    ],
    [
      'POST …/broadcasts/test',
      (who) => broadcast(who, accountId, { messages: text('テスト送信') }, 'test'),
      {
        admin: 200,
        operator: 200,
        noBroadcast: 200,
        noStats: 200,
        gAdmin: 200,
        gOperator: 200,
        gNoBroadcast: 200,
        gNoStats: 200,
        stranger: 404,
      },
    ],
  ];

  it.each(
    matrix.flatMap(([route, request, expected]) =>
      (Object.entries(expected) as Array<[Who, number]>).map(
        ([who, status]) => [route, who, status, request] as const,
      ),
    ),
  )('%s as %s → %i', async (_route, who, status, request) => {
    const before = channelRequests.length;
    const response = await request(people[who]);
    expect(response.status).toBe(status);
    if (status === 403) expect(await errorCode(response)).toBe('FORBIDDEN');
    if (status === 404) expect(await errorCode(response)).toBe('NOT_FOUND');
    // A refusal never reaches LINE.
    if (status !== 200) expect(channelRequests.length).toBe(before);
  });
});

describe('sending', () => {
  let admin: Session;
  let accountId: string;
  let basicId: string;
  beforeAll(async () => {
    admin = await signIn('sender', '配信 花子');
    ({ accountId, basicId } = await connectedAccount(admin));
  });

  it('broadcasts through LINE with a retry key, audited with LINE’s request id', async () => {
    const retryKey = crypto.randomUUID();
    const long = 'あ'.repeat(80);
    const response = await broadcast(admin, accountId, { messages: text(long, '二通目'), retryKey });
    expect(response.status).toBe(200);
    const { broadcast: sent } = await json<SentDelivery>(response);
    expect(sent).toMatchObject({
      kind: 'broadcast',
      messageCount: 2,
      preview: 'あ'.repeat(60),
      sentBy: { userId: admin.userId, displayName: '配信 花子' },
    });
    const request = channelRequests.at(-1);
    expect(request).toMatchObject({
      path: '/v2/bot/message/broadcast',
      retryKey,
      authorization: `Bearer ${tokenFor(basicId)}`,
      body: { messages: text(long, '二通目') },
    });
    const received = (await standinBroadcasts(basicId)).find((b) => b.retryKey === retryKey);
    expect(received?.requestId).toBe(sent.lineRequestId);
    // The stand-in names the bot that broadcast it as its bot info does, for the demo's LINE view.
    expect(received).toMatchObject({
      basicId,
      displayName: `Bot ${basicId}`,
      pictureUrl: expect.stringContaining(`/dev/line/bot-pictures/${encodeURIComponent(basicId)}`),
    });
    const [event] = await auditEvents(admin, accountId);
    expect(event).toMatchObject({
      action: 'broadcast.sent',
      after: { messageCount: 2, preview: 'あ'.repeat(60), retryKey, lineRequestId: sent.lineRequestId },
    });
    // The audit keeps the preview, not the whole text.
    expect(JSON.stringify(event)).not.toContain(long);
  });

  it('sends once per retry key: the same key again answers the same broadcast, LINE is not called', async () => {
    const retryKey = crypto.randomUUID();
    const body = { messages: text('一度だけ'), retryKey };
    const first = await json<SentDelivery>(await broadcast(admin, accountId, body));
    const calls = channelRequests.length;
    const second = await broadcast(admin, accountId, body);
    expect(second.status).toBe(200);
    expect(await json<SentDelivery>(second)).toEqual(first);
    expect(channelRequests.length).toBe(calls);
    expect((await standinBroadcasts(basicId)).filter((b) => b.retryKey === retryKey)).toHaveLength(1);
  });

  it('sends once when two retries race with the same key: one LINE delivery, one audit event', async () => {
    const retryKey = crypto.randomUUID();
    const body = { messages: text('同時に二回'), retryKey };
    const answers = await Promise.all([broadcast(admin, accountId, body), broadcast(admin, accountId, body)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const [a, b] = await Promise.all(answers.map((r) => json<SentDelivery>(r)));
    expect(a?.broadcast.id).toBe(b?.broadcast.id);
    expect((await standinBroadcasts(basicId)).filter((x) => x.retryKey === retryKey)).toHaveLength(1);
    const events = (await auditEvents(admin, accountId)).filter((e) => e.after?.retryKey === retryKey);
    expect(events).toHaveLength(1);
  });

  it('after a lost answer, the retry calls LINE again with the same key; LINE’s 409 counts as sent', async () => {
    const retryKey = crypto.randomUUID();
    const body = { messages: text('届いたかわからない'), retryKey };
    answerNextChannelCalls('/v2/bot/message/broadcast', 'network');
    const lost = await broadcast(admin, accountId, body);
    expect(lost.status).toBe(503);
    expect(await errorCode(lost)).toBe('LINE_UNAVAILABLE');
    // LINE did receive it (only its answer was lost): the stand-in gets the same key first.
    const direct = await call('POST', '/dev/line/v2/bot/message/broadcast', {
      headers: { Authorization: `Bearer ${tokenFor(basicId)}`, 'X-Line-Retry-Key': retryKey },
      body: { messages: text('届いたかわからない') },
    });
    const accepted = direct.headers.get('x-line-request-id');
    const retried = await broadcast(admin, accountId, body);
    expect(retried.status).toBe(200);
    expect((await json<SentDelivery>(retried)).broadcast.lineRequestId).toBe(accepted);
    const sends = channelRequests.filter((r) => r.retryKey === retryKey);
    expect(sends.map((r) => r.path)).toEqual(['/v2/bot/message/broadcast', '/v2/bot/message/broadcast']);
    expect((await standinBroadcasts(basicId)).filter((x) => x.retryKey === retryKey)).toHaveLength(1);
  });

  it('refuses a retry key used for other messages, another sender or another kind: 409 RETRY_KEY_REUSED', async () => {
    const operator = await signIn('co-sender');
    await grantRole(accountId, operator.userId, 'operator', admin.userId);
    const retryKey = crypto.randomUUID();
    answerNextChannelCalls('/v2/bot/message/broadcast', { status: 500 });
    expect((await broadcast(admin, accountId, { messages: text('最初の文'), retryKey })).status).toBe(503);
    const before = channelRequests.length;
    for (const response of [
      await broadcast(admin, accountId, { messages: text('書き換えた文'), retryKey }),
      await broadcast(admin, accountId, { messages: text('最初の文', '足した文'), retryKey }),
      await broadcast(operator, accountId, { messages: text('最初の文'), retryKey }),
      await broadcast(admin, accountId, { messages: text('最初の文'), retryKey }, 'test'),
    ]) {
      expect(response.status).toBe(409);
      expect(await errorCode(response)).toBe('RETRY_KEY_REUSED');
    }
    // Nobody's retry sent anything, and the send stays its sender's to finish, with its own messages.
    expect(channelRequests.length).toBe(before);
    const retried = await broadcast(admin, accountId, { messages: text('  最初の文 '), retryKey });
    expect(retried.status).toBe(200);
    expect(channelRequests.at(-1)?.body).toEqual({ messages: text('最初の文') });
    // Once sent, too: the answer of a recorded send is its sender's alone.
    const other = await broadcast(operator, accountId, { messages: text('最初の文'), retryKey });
    expect(await errorCode(other)).toBe('RETRY_KEY_REUSED');
  });

  it('answers a retry of a recorded send even after the channel was disconnected', async () => {
    const own = await connectedAccount(admin);
    const retryKey = crypto.randomUUID();
    const body = { messages: text('解除の前に配信'), retryKey };
    const first = await broadcast(admin, own.accountId, body);
    expect(first.status).toBe(200);
    const disconnected = await call('DELETE', `/api/accounts/${own.accountId}/channel`, {
      token: admin.token,
    });
    expect(disconnected.status).toBe(204);
    const retried = await broadcast(admin, own.accountId, body);
    expect(retried.status).toBe(200);
    expect(await json<SentDelivery>(retried)).toEqual(await json<SentDelivery>(first));
    // A new send has no channel to go through.
    const fresh = await broadcast(admin, own.accountId, { messages: text('解除の後') });
    expect(await errorCode(fresh)).toBe('CHANNEL_NOT_CONNECTED');
  });

  it.each(['sending', 'failed'] as const)(
    'does not call LINE again for a %s send older than 23 hours (LINE forgets its key after 24): 409 RETRY_KEY_EXPIRED',
    async (status) => {
      const retryKey = crypto.randomUUID();
      answerNextChannelCalls('/v2/bot/message/broadcast', { status: 500 });
      const body = { messages: text('昨日の配信'), retryKey };
      expect((await broadcast(admin, accountId, body)).status).toBe(503);
      await env.DB.prepare('UPDATE broadcasts SET status = ?2, created_at = ?3 WHERE retry_key = ?1')
        .bind(retryKey, status, Date.now() - 23 * 3_600_000 - 60_000)
        .run();
      const before = channelRequests.length;
      const retried = await broadcast(admin, accountId, body);
      expect(retried.status).toBe(409);
      expect(await errorCode(retried)).toBe('RETRY_KEY_EXPIRED');
      expect(channelRequests.length).toBe(before);
      // Within the window the same retry goes to LINE.
      await env.DB.prepare('UPDATE broadcasts SET created_at = ?2 WHERE retry_key = ?1')
        .bind(retryKey, Date.now() - 22 * 3_600_000)
        .run();
      expect((await broadcast(admin, accountId, body)).status).toBe(200);
    },
  );

  it('records a broadcast LINE accepted even when the sender lost the right meanwhile', async () => {
    const sender = await signIn('demoted-sender', '降格 される');
    await grantRole(accountId, sender.userId, 'operator', admin.userId);
    const retryKey = crypto.randomUUID();
    // While LINE is delivering, an admin removes the sender: that writes to the account's history first.
    afterNextChannelCall('/v2/bot/message/broadcast', async () => {
      const removed = await remove(admin, 'accounts', accountId, sender.userId);
      expect(removed.status).toBe(204);
    });
    const response = await broadcast(sender, accountId, { messages: text('届いた配信'), retryKey });
    expect(response.status).toBe(200);
    const { broadcast: sent } = await json<SentDelivery>(response);
    const row = await env.DB.prepare('SELECT status, line_request_id FROM broadcasts WHERE retry_key = ?1')
      .bind(retryKey)
      .first<{ status: string; line_request_id: string }>();
    expect(row).toEqual({ status: 'sent', line_request_id: sent.lineRequestId });
    const actions = await auditActions(accountId);
    expect(actions.slice(-2)).toEqual(['member.removed', 'broadcast.sent']);
    expect((await standinBroadcasts(basicId)).filter((b) => b.retryKey === retryKey)).toHaveLength(1);
  });

  it('makes a retry key when the client sends none', async () => {
    const response = await broadcast(admin, accountId, { messages: text('キーなし') });
    expect(response.status).toBe(200);
    expect(channelRequests.at(-1)?.retryKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('test-sends to the caller only, through the shop’s bot', async () => {
    const operator = await signIn('tester');
    await grantRole(accountId, operator.userId, 'operator_no_broadcast', admin.userId);
    const broadcastsBefore = (await standinBroadcasts(basicId)).length;
    const response = await broadcast(
      operator,
      accountId,
      { messages: text('試し'), retryKey: crypto.randomUUID() },
      'test',
    );
    expect(response.status).toBe(200);
    expect((await json<SentDelivery>(response)).broadcast).toMatchObject({
      kind: 'test',
      sentBy: { userId: operator.userId },
    });
    expect(channelRequests.at(-1)).toMatchObject({
      path: '/v2/bot/message/push',
      authorization: `Bearer ${tokenFor(basicId)}`,
      body: { to: operator.userId, messages: text('試し') },
    });
    const pushes = await json<{
      pushes: Array<{ basicId: string | null; displayName: string | null; pictureUrl: string | null }>;
    }>(await call('GET', `/dev/line/pushes?to=${operator.userId}`));
    // Sent by the shop's bot, named as its bot info names it (GET /v2/bot/info), for the demo's LINE view.
    expect(pushes.pushes).toEqual([
      expect.objectContaining({
        basicId,
        displayName: `Bot ${basicId}`,
        pictureUrl: expect.stringContaining(`/dev/line/bot-pictures/${encodeURIComponent(basicId)}`),
      }),
    ]);
    expect(await standinBroadcasts(basicId)).toHaveLength(broadcastsBefore);
    const [event] = await auditEvents(admin, accountId);
    expect(event).toMatchObject({
      action: 'broadcast.test_sent',
      after: { messageCount: 1, preview: '試し' },
    });
  });

  it.each([
    ['no messages', { messages: [] }],
    ['six messages', { messages: text('1', '2', '3', '4', '5', '6') }],
    ['5,001 characters', { messages: text('a'.repeat(5001)) }],
    ['only spaces', { messages: text('   ') }],
    ['an image message', { messages: [{ type: 'image', originalContentUrl: 'https://example.com/a.png' }] }],
    ['a retry key that is not a UUID', { messages: text('x'), retryKey: 'again' }],
    ['half of a surrogate pair', { messages: text('a\ud800b') }],
    ['no body', undefined],
  ])('refuses %s: 400 INVALID_INPUT, LINE not called', async (_case, body) => {
    const before = channelRequests.length;
    const response = await broadcast(admin, accountId, body);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('INVALID_INPUT');
    expect(channelRequests.length).toBe(before);
  });

  it('accepts five messages of 5,000 characters', async () => {
    const response = await broadcast(admin, accountId, {
      messages: text(...Array(5).fill('b'.repeat(5000))),
    });
    expect(response.status).toBe(200);
    expect((await json<SentDelivery>(response)).broadcast.messageCount).toBe(5);
  });

  // Rule 13's 64 KB would refuse these; LINE's limit decides what a valid message is (README, Input).
  it.each(['broadcast', 'test'] as const)(
    'accepts on the %s route the largest valid body: five texts of 5,000 Japanese characters, every one JSON-escaped',
    async (kind) => {
      const escaped = '\\u3042'.repeat(5000);
      const rawBody = `{"messages":[${Array(5).fill(`{"type":"text","text":"${escaped}"}`).join(',')}]}`;
      expect(rawBody.length).toBeGreaterThan(150_000);
      const path = `/api/accounts/${accountId}/broadcasts${kind === 'test' ? '/test' : ''}`;
      const response = await call('POST', path, { token: admin.token, rawBody });
      expect(response.status).toBe(200);
      expect((await json<SentDelivery>(response)).broadcast.preview.startsWith('あああ')).toBe(true);
    },
  );

  it('refuses a send body over 160 KB with 413 PAYLOAD_TOO_LARGE, LINE not called', async () => {
    const before = channelRequests.length;
    const response = await broadcast(admin, accountId, {
      messages: text('x'),
      padding: 'x'.repeat(161 * 1024),
    });
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('PAYLOAD_TOO_LARGE');
    expect(channelRequests.length).toBe(before);
  });
});

describe('LINE’s refusals are the person’s errors, never a 500', () => {
  let admin: Session;
  let accountId: string;
  let basicId: string;
  beforeAll(async () => {
    admin = await signIn('admin');
    ({ accountId, basicId } = await connectedAccount(admin));
  });

  it.each([
    ['401 (the token was revoked)', 409, 'CHANNEL_TOKEN_REVOKED', { status: 401 }],
    [
      '429 for the monthly limit',
      409,
      'LINE_QUOTA_EXCEEDED',
      { status: 429, message: 'You have reached your monthly limit.' },
    ],
    ['429 for the rate', 429, 'LINE_RATE_LIMITED', { status: 429, message: 'Too Many Requests' }],
    ['500', 503, 'LINE_UNAVAILABLE', { status: 500 }],
    ['no answer', 503, 'LINE_UNAVAILABLE', 'network'],
    ['400 with its reason', 400, 'LINE_REFUSED', { status: 400, message: 'The request body has 1 error(s)' }],
  ] as const)('a broadcast LINE answers %s → %i %s', async (_case, status, code, answer) => {
    const retryKey = crypto.randomUUID();
    answerNextChannelCalls('/v2/bot/message/broadcast', answer);
    const response = await broadcast(admin, accountId, { messages: text('お知らせ'), retryKey });
    expect(response.status).toBe(status);
    const { error } = await json<{ error: { code: string; message: string } }>(response);
    expect(error.code).toBe(code);
    if (code === 'LINE_REFUSED') expect(error.message).toContain('The request body has 1 error(s)');
    const row = await env.DB.prepare('SELECT status FROM broadcasts WHERE retry_key = ?1')
      .bind(retryKey)
      .first<{ status: string }>();
    // A refusal for good is failed, and in the history with LINE's reason; a send whose fate is unknown stays
    // claimed for its retry.
    const final = ['CHANNEL_TOKEN_REVOKED', 'LINE_QUOTA_EXCEEDED', 'LINE_REFUSED'].includes(code);
    expect(row?.status).toBe(final ? 'failed' : 'sending');
    expect(await auditActions(accountId)).not.toContain('broadcast.sent');
    const failed = (await auditEvents(admin, accountId)).filter((e) => e.after?.retryKey === retryKey);
    expect(failed).toEqual(
      final
        ? [
            expect.objectContaining({
              action: 'broadcast.failed',
              after: {
                kind: 'broadcast',
                messageCount: 1,
                preview: 'お知らせ',
                retryKey,
                code,
                reason: error.message,
              },
            }),
          ]
        : [],
    );
    expect(JSON.stringify(failed)).not.toContain(tokenFor(basicId));
  });

  it.each([
    ['stats', '/stats', '/v2/bot/insight/followers'],
    ['the audience', '/broadcasts/audience', '/v2/bot/message/quota'],
  ])('maps LINE’s answers for %s too', async (_case, route, linePath) => {
    for (const [answer, code] of [
      [{ status: 401 }, 'CHANNEL_TOKEN_REVOKED'],
      [{ status: 503 }, 'LINE_UNAVAILABLE'],
      ['network', 'LINE_UNAVAILABLE'],
      [{ status: 403, message: 'Not available for this account' }, 'LINE_REFUSED'],
    ] as const) {
      answerNextChannelCalls(linePath, answer);
      const response = await call('GET', `/api/accounts/${accountId}${route}`, { token: admin.token });
      expect(await errorCode(response)).toBe(code);
    }
  });
});

describe('分析 and the audience', () => {
  it('gives yesterday’s numbers (Japan time) and the latest sends, newest first', async () => {
    const admin = await signIn('admin', '分析 一郎');
    const { accountId } = await connectedAccount(admin);
    for (let i = 1; i <= 11; i++) {
      const kind = i % 3 === 0 ? 'test' : 'broadcast';
      expect((await broadcast(admin, accountId, { messages: text(`お知らせ ${i}`) }, kind)).status).toBe(200);
    }
    answerNextChannelCalls('/v2/bot/message/broadcast', { status: 400, message: 'bad' });
    await broadcast(admin, accountId, { messages: text('届かなかった') });
    const response = await call('GET', `/api/accounts/${accountId}/stats`, { token: admin.token });
    expect(response.status).toBe(200);
    const body = await json<{
      stats: { date: string; status: string; followers: number; targetedReaches: number; blocks: number };
      deliveries: Array<{ kind: string; preview: string; sentBy: { displayName: string } }>;
    }>(response);
    const yesterday = new Date(Date.now() + 9 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    expect(body.stats.date).toBe(yesterday);
    expect(channelRequests.at(-1)?.path).toBe(
      `/v2/bot/insight/followers?date=${yesterday.replaceAll('-', '')}`,
    );
    expect(body.stats.status).toBe('ready');
    expect(body.stats.followers).toBeGreaterThanOrEqual(1000);
    expect(body.stats.targetedReaches + body.stats.blocks).toBe(body.stats.followers);
    expect(body.deliveries).toHaveLength(10);
    expect(body.deliveries[0]).toMatchObject({
      kind: 'broadcast',
      preview: 'お知らせ 11',
      sentBy: { displayName: '分析 一郎' },
    });
    expect(body.deliveries[1]).toMatchObject({ kind: 'broadcast', preview: 'お知らせ 10' });
    expect(body.deliveries[2]).toMatchObject({ kind: 'test', preview: 'お知らせ 9' });
    expect(body.deliveries.map((d) => d.preview)).not.toContain('届かなかった');
  });

  it('lists two sends recorded in the same millisecond in the order they were made', async () => {
    const admin = await signIn('admin');
    const { accountId } = await connectedAccount(admin);
    for (const message of ['先に送った', '後に送った']) {
      expect((await broadcast(admin, accountId, { messages: text(message) })).status).toBe(200);
    }
    // The same sent_at, and ids that sort against the order of sending (ids are random).
    for (const [preview, id] of [
      ['先に送った', 'zzzz-first'],
      ['後に送った', 'aaaa-second'],
    ]) {
      await env.DB.prepare(
        'UPDATE broadcasts SET id = ?3, sent_at = 1700000000000 WHERE account_id = ?1 AND preview = ?2',
      )
        .bind(accountId, preview, `${id}-${accountId}`)
        .run();
    }
    const response = await call('GET', `/api/accounts/${accountId}/stats`, { token: admin.token });
    const { deliveries } = await json<{ deliveries: Array<{ preview: string }> }>(response);
    expect(deliveries.map((d) => d.preview)).toEqual(['後に送った', '先に送った']);
  });

  it('says how many friends a broadcast reaches and what is left of the month', async () => {
    const admin = await signIn('admin');
    const { accountId } = await connectedAccount(admin);
    await broadcast(admin, accountId, { messages: text('一', '二') });
    await broadcast(admin, accountId, { messages: text('テスト') }, 'test');
    const response = await call('GET', `/api/accounts/${accountId}/broadcasts/audience`, {
      token: admin.token,
    });
    expect(response.status).toBe(200);
    const body = await json<{
      audience: { targetedReaches: number; date: string };
      quota: { limit: number; used: number };
    }>(response);
    expect(body.audience.targetedReaches).toBeGreaterThan(0);
    // As LINE counts: a broadcast uses one message per friend it reaches, whatever its bubbles; a push one.
    expect(body.quota).toEqual({ limit: 30_000, used: body.audience.targetedReaches + 1 });
  });
});
