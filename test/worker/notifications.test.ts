import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { backoffSeconds, MAX_ATTEMPTS } from '../../worker/notifications/delivery';
import { call, createAccount, issueInvite, json, type Session, signIn } from '../support/api';
import { addAccountToGroup, createGroup, grantRole } from '../support/fixtures';
import { answerNextPushes } from '../support/line-standin';
import {
  approvalAccount,
  cron,
  deliver,
  friend,
  joinRequest,
  liff,
  receivedBy,
  request,
  row,
  rows,
  shown,
  watchPushes,
  webhook,
} from '../support/notifications';

/**
 * SPEC §8: a change writes its notifications in its own batch; the queue's consumer pushes each to LINE once,
 * with a retry key fixed per notification. The test hands the ids a request enqueued to the consumer itself
 * (test/support/notifications.ts); one test at the end goes through the real (simulated) queue. The events
 * of membership changes, expiry and the weekly reminder are in notification-events.test.ts.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('a join request tells every direct admin in LINE', () => {
  let owner: Session;
  let coAdmin: Session;
  let notFriend: Session;
  let optedOut: Session;
  let groupAdmin: Session;
  let operator: Session;
  let accountId: string;

  beforeAll(async () => {
    owner = await friend('owner', '山田 花子');
    coAdmin = await friend('coadmin', '佐藤 健');
    notFriend = await signIn('notfriend');
    optedOut = await friend('optedout');
    groupAdmin = await friend('groupadmin');
    operator = await friend('operator');
    accountId = await approvalAccount(owner, 'カフェ花 新宿店');
    for (const admin of [coAdmin, notFriend, optedOut]) {
      await grantRole(accountId, admin.userId, 'admin', owner.userId);
    }
    await grantRole(accountId, operator.userId, 'operator', owner.userId);
    await env.DB.prepare('UPDATE users SET notifications_enabled = 0 WHERE id = ?1')
      .bind(optedOut.userId)
      .run();
    const groupId = await createGroup(groupAdmin);
    await addAccountToGroup(groupId, accountId, groupAdmin.userId);
  });

  it('pushes exactly one Flex message to each reachable direct admin, with 承認 and 却下 opening the request', async () => {
    const requester = await friend('requester', '田中');
    const pushes = watchPushes();
    const { requestId, enqueued } = await joinRequest(owner, accountId, requester);

    // The outbox: a row per reachable direct admin, written with the request; not the admin only through a
    // group, not the admin who is no friend of the bot, not the one who turned notifications off.
    const written = await rows('subject_id = ?1', requestId);
    expect(written.map((n) => n.recipient_id).sort()).toEqual([owner.userId, coAdmin.userId].sort());
    expect(enqueued.sort()).toEqual(written.map((n) => n.id).sort());
    for (const n of written) {
      expect(n).toMatchObject({
        kind: 'request.created',
        resource_id: accountId,
        status: 'pending',
        attempts: 0,
      });
      expect(n.retry_key).toMatch(UUID);
    }
    expect(pushes()).toEqual([]);

    const result = await deliver(enqueued);
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toHaveLength(2);

    const text = '田中さんが カフェ花 新宿店 への参加をリクエストしています（運用担当者）';
    const screen = liff(`/accounts/${accountId}`);
    expect(
      pushes()
        .map(shown)
        .sort((a, b) => a.to.localeCompare(b.to)),
    ).toEqual(
      [owner.userId, coAdmin.userId].sort().map((to) => ({
        to,
        type: 'flex',
        altText: text,
        buttons: [
          ['承認', screen],
          ['却下', screen],
        ],
      })),
    );
    for (const push of pushes()) {
      expect(push.url).toBe(`${env.LINE_API_BASE}/v2/bot/message/push`);
      expect(push.authorization).toBe(`Bearer ${env.LINE_BOT_CHANNEL_ACCESS_TOKEN}`);
      expect(push.retryKey).toBe(written.find((n) => n.recipient_id === push.to)?.retry_key);
    }
    for (const n of await rows('subject_id = ?1', requestId)) {
      expect(n.status).toBe('delivered');
      expect(n.attempts).toBe(1);
    }
    // From Kengen's own bot, which the stand-in leaves unnamed (the app names its chat).
    expect(await receivedBy(owner.userId)).toEqual([
      expect.objectContaining({ basicId: null, displayName: null, pictureUrl: null }),
    ]);
    for (const silent of [notFriend, optedOut, groupAdmin, operator]) {
      expect(await receivedBy(silent.userId)).toEqual([]);
    }
  });

  it('names the role as the resource kind says it (a group role on a group)', async () => {
    const groupOwner = await friend('groupowner');
    const groupId = await createGroup(groupOwner, 'カフェ花 首都圏');
    await call('PATCH', `/api/groups/${groupId}`, {
      token: groupOwner.token,
      body: { requireApproval: true },
    });
    const { token } = await issueInvite(groupOwner, groupId, 'operator_no_stats', 'groups');
    const requester = await friend('grouprequester', '鈴木');
    const { response, enqueued } = await request('POST', '/api/invites/accept', requester.token, { token });
    expect(response.status).toBe(202);
    const pushes = watchPushes();
    await deliver(enqueued);
    expect(pushes().map(shown)).toEqual([
      {
        to: groupOwner.userId,
        type: 'flex',
        altText:
          '鈴木さんが カフェ花 首都圏 への参加をリクエストしています（グループ運用担当者(分析の閲覧権限なし)）',
        buttons: [
          ['承認', liff(`/groups/${groupId}`)],
          ['却下', liff(`/groups/${groupId}`)],
        ],
      },
    ]);
  });

  it('tells nobody when no direct admin can be reached, and sends nothing to the queue', async () => {
    const lonely = await signIn('lonely');
    const quiet = await approvalAccount(lonely, '静かな店');
    const { requestId, enqueued } = await joinRequest(lonely, quiet, await friend('quietrequester'));
    expect(enqueued).toEqual([]);
    expect(await rows('subject_id = ?1', requestId)).toEqual([]);
  });
});

describe('the requester hears the decision', () => {
  let owner: Session;
  let accountId: string;

  beforeAll(async () => {
    owner = await friend('decider');
    accountId = await approvalAccount(owner, 'カフェ花 渋谷店');
  });

  it('approved: a message that opens the account', async () => {
    const requester = await friend('approved');
    const { requestId, enqueued: toAdmins } = await joinRequest(
      owner,
      accountId,
      requester,
      'operator_no_broadcast',
    );
    await deliver(toAdmins);
    const pushes = watchPushes();
    const { response, enqueued } = await request('POST', `/api/requests/${requestId}/approve`, owner.token);
    expect(response.status).toBe(200);
    expect(await json(response)).not.toHaveProperty('notifications');
    expect(enqueued).toHaveLength(1);
    await deliver(enqueued);
    expect(pushes().map(shown)).toEqual([
      {
        to: requester.userId,
        type: 'flex',
        altText: 'カフェ花 渋谷店 への参加が承認されました（運用担当者(配信権限なし)）',
        buttons: [['開く', liff(`/accounts/${accountId}`)]],
      },
    ]);
  });

  it('rejected: a message that opens ホーム, since the account is not theirs to open', async () => {
    const requester = await friend('rejected');
    const { requestId } = await joinRequest(owner, accountId, requester);
    const pushes = watchPushes();
    const { response, enqueued } = await request('POST', `/api/requests/${requestId}/reject`, owner.token);
    expect(response.status).toBe(204);
    await deliver(enqueued);
    expect(pushes().map(shown)).toEqual([
      {
        to: requester.userId,
        type: 'flex',
        altText: 'カフェ花 渋谷店 への参加リクエスト（運用担当者）は却下されました',
        buttons: [['ホームを開く', liff('/')]],
      },
    ]);
  });

  it('a requester who is no friend of the bot is not told', async () => {
    const requester = await signIn('stranger');
    const { requestId } = await joinRequest(owner, accountId, requester);
    const { response, enqueued } = await request('POST', `/api/requests/${requestId}/approve`, owner.token);
    expect(response.status).toBe(200);
    expect(enqueued).toEqual([]);
  });
});

describe('the inviter hears what became of the invite', () => {
  let inviter: Session;
  let accountId: string;

  beforeAll(async () => {
    inviter = await friend('inviter');
    accountId = await createAccount(inviter, 'カフェ花 オンラインショップ');
  });

  async function told(action: 'accept' | 'decline', invitee: Session, status: number) {
    const { token } = await issueInvite(inviter, accountId, 'operator_no_stats');
    const { response, enqueued } = await request('POST', `/api/invites/${action}`, invitee.token, { token });
    expect(response.status).toBe(status);
    const pushes = watchPushes();
    await deliver(enqueued);
    return pushes().map(shown);
  }

  it('accepted: a message that opens the new member', async () => {
    const invitee = await signIn('accepter', '高橋');
    expect(await told('accept', invitee, 200)).toEqual([
      {
        to: inviter.userId,
        type: 'flex',
        altText:
          '高橋さんが招待から カフェ花 オンラインショップ に参加しました（運用担当者(分析の閲覧権限なし)）',
        buttons: [['メンバーを見る', liff(`/accounts/${accountId}/members/${invitee.userId}`)]],
      },
    ]);
  });

  it('declined: a message that opens the account', async () => {
    const invitee = await signIn('decliner', '伊藤');
    expect(await told('decline', invitee, 204)).toEqual([
      {
        to: inviter.userId,
        type: 'flex',
        altText:
          '伊藤さんが カフェ花 オンラインショップ への招待を辞退しました（運用担当者(分析の閲覧権限なし)）',
        buttons: [['開く', liff(`/accounts/${accountId}`)]],
      },
    ]);
  });

  it('an inviter who turned notifications off is not told', async () => {
    await env.DB.prepare('UPDATE users SET notifications_enabled = 0 WHERE id = ?1')
      .bind(inviter.userId)
      .run();
    expect(await told('accept', await signIn('unheard'), 200)).toEqual([]);
    await env.DB.prepare('UPDATE users SET notifications_enabled = 1 WHERE id = ?1')
      .bind(inviter.userId)
      .run();
  });
});

describe('a change whose batch aborts writes no notification', () => {
  it('an approval that aborts in SQL (ALREADY_MEMBER) tells nobody', async () => {
    const owner = await friend('abort-owner');
    const accountId = await approvalAccount(owner, '中止の店');
    const requester = await friend('abort-requester');
    const { requestId } = await joinRequest(owner, accountId, requester);
    // The requester got the role another way after the request was read: the approval's membership insert
    // violates the primary key and the whole batch, outbox row included, is rolled back.
    await grantRole(accountId, requester.userId, 'operator', owner.userId);
    const { response, enqueued } = await request('POST', `/api/requests/${requestId}/approve`, owner.token);
    expect(response.status).toBe(409);
    expect(enqueued).toEqual([]);
    expect(await rows("subject_id = ?1 AND kind = 'request.approved'", requestId)).toEqual([]);
  });

  it('of many people accepting one invite at once, only the winner’s request is announced', async () => {
    const owner = await friend('race-owner');
    const accountId = await approvalAccount(owner, '競争の店');
    const { token } = await issueInvite(owner, accountId);
    const racers = await Promise.all(Array.from({ length: 6 }, (_, i) => friend(`racer${i}`)));
    const outcomes = await Promise.all(
      racers.map((racer) => request('POST', '/api/invites/accept', racer.token, { token })),
    );
    expect(outcomes.filter(({ response }) => response.status === 202)).toHaveLength(1);
    expect(outcomes.flatMap(({ enqueued }) => enqueued)).toHaveLength(1);
    expect(await rows('resource_id = ?1', accountId)).toHaveLength(1);
  });
});

describe('delivery', () => {
  let owner: Session;
  let accountId: string;

  beforeAll(async () => {
    owner = await friend('delivery-owner');
    accountId = await approvalAccount(owner, '配信の店');
  });

  /** One pending notification to the owner. */
  async function pending(): Promise<string> {
    const { enqueued } = await joinRequest(owner, accountId, await friend('delivery-requester'));
    expect(enqueued).toHaveLength(1);
    return enqueued[0] as string;
  }

  /**
   * Delivers a notification whose push LINE is about to fail: the queue is asked to bring it back, and the row
   * says when (the test pool's queue result does not carry the delay itself).
   */
  async function retried(id: string, attempts: number) {
    const before = Date.now();
    const result = await deliver([id], attempts);
    const after = Date.now();
    expect(result.retryMessages).toHaveLength(1);
    expect(result.explicitAcks).toEqual([]);
    const kept = await row(id);
    expect(kept).toMatchObject({ status: 'pending', attempts });
    expect(kept.next_attempt_at).toBeGreaterThanOrEqual(before + backoffSeconds(attempts) * 1000);
    expect(kept.next_attempt_at).toBeLessThanOrEqual(after + backoffSeconds(attempts) * 1000);
    return kept;
  }

  it.each([
    ['500, then 503', [500, 503]],
    ['429, then no answer at all', [429, 'network']],
  ] as const)(
    'a push that fails twice (%s) then succeeds is delivered once, with the same retry key',
    async (_name, failures) => {
      const id = await pending();
      const pushes = watchPushes();
      answerNextPushes(...failures);

      const first = await retried(id, 1);
      expect(first.last_error).toContain(failures[0] === 429 ? '429' : '500');
      await retried(id, 2);

      const third = await deliver([id], 3);
      expect(third.retryMessages).toEqual([]);
      expect(third.explicitAcks).toHaveLength(1);
      expect(await row(id)).toMatchObject({ status: 'delivered', attempts: 3, last_error: null });

      const keys = pushes().map((push) => push.retryKey);
      expect(keys).toEqual([(await row(id)).retry_key, (await row(id)).retry_key, (await row(id)).retry_key]);
      expect(await receivedBy(owner.userId)).toEqual(
        expect.arrayContaining([expect.objectContaining({ retryKey: (await row(id)).retry_key })]),
      );
      expect((await receivedBy(owner.userId)).filter((push) => push.retryKey === keys[0])).toHaveLength(1);
    },
  );

  it('LINE’s 409 for a retry key it already accepted counts as delivered, and nothing is shown twice', async () => {
    const id = await pending();
    const { retry_key: retryKey, recipient_id: to } = await row(id);
    // LINE accepted an earlier attempt whose answer never came back.
    const earlier = await call('POST', '/dev/line/v2/bot/message/push', {
      headers: { Authorization: `Bearer ${env.LINE_BOT_CHANNEL_ACCESS_TOKEN}`, 'X-Line-Retry-Key': retryKey },
      body: { to, messages: [{ type: 'text', text: 'earlier attempt' }] },
    });
    expect(earlier.status).toBe(200);
    const result = await deliver([id]);
    expect(result.retryMessages).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect((await receivedBy(to)).filter((push) => push.retryKey === retryKey)).toHaveLength(1);
  });

  it('never pushes a delivered notification again, however often the queue brings it', async () => {
    const id = await pending();
    await deliver([id]);
    const pushes = watchPushes();
    const again = await deliver([id, id], 2);
    expect(pushes()).toEqual([]);
    expect(again.explicitAcks).toHaveLength(2);
    expect(await row(id)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('a refusal (4xx) fails the notification at once and keeps it with LINE’s reason', async () => {
    const id = await pending();
    answerNextPushes(400);
    const result = await deliver([id]);
    expect(result.retryMessages).toEqual([]);
    const kept = await row(id);
    expect(kept).toMatchObject({ status: 'failed', attempts: 1 });
    expect(kept.last_error).toContain('400');
  });

  it('after the last retry the notification is failed and kept, not dropped', async () => {
    const id = await pending();
    await env.DB.prepare('UPDATE notifications SET attempts = ?2 WHERE id = ?1')
      .bind(id, MAX_ATTEMPTS - 1)
      .run();
    answerNextPushes(503);
    const result = await deliver([id], MAX_ATTEMPTS);
    expect(result.retryMessages).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
  });

  it('retries at least 5 times over at least an hour, the first within 90 seconds', () => {
    const delays = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => backoffSeconds(i + 1));
    expect(delays.length).toBeGreaterThanOrEqual(5);
    expect(delays[0]).toBeLessThanOrEqual(90);
    expect(delays.reduce((sum, delay) => sum + delay, 0)).toBeGreaterThanOrEqual(3600);
    expect(Math.max(...delays)).toBeLessThanOrEqual(43_200);
  });

  it('someone who unfollows before the push is not pushed to (skipped, kept)', async () => {
    const id = await pending();
    await webhook('unfollow', owner.userId);
    const pushes = watchPushes();
    await deliver([id]);
    expect(pushes()).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'skipped', attempts: 0 });
    await webhook('follow', owner.userId);
  });
});

describe('the sweeper (cron)', () => {
  it('sends again what is pending past its due time, and leaves alone what waits for a retry', async () => {
    const owner = await friend('sweep-owner');
    const accountId = await approvalAccount(owner, '掃除の店');
    const { enqueued: [lost] = [] } = await joinRequest(owner, accountId, await friend('sweep-a'));
    const { enqueued: [waiting] = [] } = await joinRequest(owner, accountId, await friend('sweep-b'));
    const now = Date.now();
    // `lost`: its Worker stopped before the queue send. `waiting`: a retry due in an hour.
    await env.DB.batch([
      env.DB.prepare('UPDATE notifications SET next_attempt_at = ?2 WHERE id = ?1').bind(
        lost,
        now - 10 * 60_000,
      ),
      env.DB.prepare('UPDATE notifications SET next_attempt_at = ?2 WHERE id = ?1').bind(
        waiting,
        now + 3_600_000,
      ),
    ]);
    const enqueued = await cron(now);
    expect(enqueued).toContain(lost);
    expect(enqueued).not.toContain(waiting);
    expect((await row(lost as string)).next_attempt_at).toBe(now);
  });
});

describe('through the real queue', () => {
  it('a join request reaches the admin’s LINE without the test handing anything over', async () => {
    const owner = await friend('queue-owner');
    const accountId = await approvalAccount(owner, 'キューの店');
    const { token } = await issueInvite(owner, accountId);
    const requester = await friend('queue-requester', '伊藤');
    const accepted = await call('POST', '/api/invites/accept', { token: requester.token, body: { token } });
    expect(accepted.status).toBe(202);
    const delivered = async () =>
      (await rows("recipient_id = ?1 AND status = 'delivered'", owner.userId)).length === 1;
    for (let i = 0; i < 100 && !(await delivered()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await delivered()).toBe(true);
    const received = await receivedBy(owner.userId);
    expect(received).toHaveLength(1);
    expect(received[0]?.messages).toMatchObject([
      { type: 'flex', altText: '伊藤さんが キューの店 への参加をリクエストしています（運用担当者）' },
    ]);
  });
});
