import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../worker/lib/caller';
import { changeMemberRole } from '../../worker/members/service';
import { call, createAccount, issueInvite, json, type Session, signIn, useInvite } from '../support/api';
import { addAccountToGroup, createGroup, grantRole } from '../support/fixtures';
import { readsTogether } from '../support/interleave';
import { answerNextPushes } from '../support/line-standin';
import { cron, deliver, friend, liff, request, rows, shown, watchPushes } from '../support/notifications';

/**
 * SPEC §8, the events of a membership's life: a role changed or a removal (→ that person, and by whom), an
 * invite expired unused (→ its issuer), a single admin (→ that admin, at most weekly). Each is written in the
 * batch of its change; the test hands what was enqueued to the consumer and looks at exactly what LINE got.
 */

const DAY = 24 * 60 * 60 * 1000;
const WEEK = 7 * DAY;

/** What the consumer pushed for the ids, as LINE shows it. */
async function pushed(ids: readonly string[]) {
  const pushes = watchPushes();
  await deliver(ids);
  return pushes().map(shown);
}

const callerOf = (session: Session): Caller => ({ userId: session.userId, requestId: crypto.randomUUID() });

describe('a role changed or a removal tells that person, and by whom', () => {
  let owner: Session;
  let accountId: string;

  beforeAll(async () => {
    owner = await friend('changer', '山田 花子');
    accountId = await createAccount(owner, 'カフェ花 新宿店');
  });

  it('a role changed: a message naming the admin and the new role, opening the account', async () => {
    const member = await friend('changed');
    await grantRole(accountId, member.userId, 'operator', owner.userId);
    const { response, enqueued } = await request(
      'PATCH',
      `/api/accounts/${accountId}/members/${member.userId}`,
      owner.token,
      { role: 'operator_no_stats' },
    );
    expect(response.status).toBe(200);
    expect(await json(response)).not.toHaveProperty('notifications');
    expect(await rows('id = ?1', enqueued[0])).toMatchObject([
      { kind: 'member.role_changed', recipient_id: member.userId, resource_id: accountId },
    ]);
    expect(await pushed(enqueued)).toEqual([
      {
        to: member.userId,
        type: 'flex',
        altText:
          '山田 花子さんが カフェ花 新宿店 でのあなたの権限を 運用担当者(分析の閲覧権限なし) に変更しました',
        buttons: [['開く', liff(`/accounts/${accountId}`)]],
      },
    ]);
  });

  it('on a group, names the group role', async () => {
    const groupId = await createGroup(owner, 'カフェ花 首都圏');
    const member = await friend('groupchanged');
    await grantRole(groupId, member.userId, 'operator', owner.userId);
    const { enqueued } = await request(
      'PATCH',
      `/api/groups/${groupId}/members/${member.userId}`,
      owner.token,
      { role: 'admin' },
    );
    expect(await pushed(enqueued)).toEqual([
      {
        to: member.userId,
        type: 'flex',
        altText: '山田 花子さんが カフェ花 首都圏 でのあなたの権限を グループ管理者 に変更しました',
        buttons: [['開く', liff(`/groups/${groupId}`)]],
      },
    ]);
  });

  it('a removal: a message naming the admin, opening ホーム', async () => {
    const member = await friend('removed');
    await grantRole(accountId, member.userId, 'operator_no_broadcast', owner.userId);
    const { response, enqueued } = await request(
      'DELETE',
      `/api/accounts/${accountId}/members/${member.userId}`,
      owner.token,
    );
    expect(response.status).toBe(204);
    expect(await pushed(enqueued)).toEqual([
      {
        to: member.userId,
        type: 'flex',
        altText: '山田 花子さんが カフェ花 新宿店 のメンバーからあなたを削除しました',
        buttons: [['ホームを開く', liff('/')]],
      },
    ]);
  });

  it('tells nobody of what people do to themselves: leaving, or changing their own role', async () => {
    const coAdmin = await friend('self');
    await grantRole(accountId, coAdmin.userId, 'admin', owner.userId);
    const own = `/api/accounts/${accountId}/members/${coAdmin.userId}`;
    const demoted = await request('PATCH', own, coAdmin.token, { role: 'operator' });
    expect(demoted.response.status).toBe(200);
    const left = await request('DELETE', own, coAdmin.token);
    expect(left.response.status).toBe(204);
    expect([...demoted.enqueued, ...left.enqueued]).toEqual([]);
    expect(await rows('recipient_id = ?1', coAdmin.userId)).toEqual([]);
  });

  it('tells nobody when the role does not change, or the person cannot be reached', async () => {
    const member = await friend('same');
    const unreachable = await signIn('unreachable');
    await grantRole(accountId, member.userId, 'operator', owner.userId);
    await grantRole(accountId, unreachable.userId, 'operator', owner.userId);
    const same = await request('PATCH', `/api/accounts/${accountId}/members/${member.userId}`, owner.token, {
      role: 'operator',
    });
    const gone = await request(
      'DELETE',
      `/api/accounts/${accountId}/members/${unreachable.userId}`,
      owner.token,
    );
    expect(same.response.status).toBe(200);
    expect(gone.response.status).toBe(204);
    expect([...same.enqueued, ...gone.enqueued]).toEqual([]);
  });

  it('a member who turned notifications off (PUT /api/me/notifications) is not told', async () => {
    const member = await friend('quiet');
    await grantRole(accountId, member.userId, 'operator', owner.userId);
    const off = await call('PUT', '/api/me/notifications', { token: member.token, body: { enabled: false } });
    expect(off.status).toBe(200);
    expect(await json(off)).toEqual({ enabled: false });
    const me = await json<{ notifications: unknown }>(await call('GET', '/api/me', { token: member.token }));
    expect(me.notifications).toEqual({ enabled: false, reachable: true });
    const { enqueued } = await request(
      'PATCH',
      `/api/accounts/${accountId}/members/${member.userId}`,
      owner.token,
      { role: 'operator_no_stats' },
    );
    expect(enqueued).toEqual([]);
    const on = await call('PUT', '/api/me/notifications', { token: member.token, body: { enabled: true } });
    expect(await json(on)).toEqual({ enabled: true });
  });

  it('offboarding tells the person once per resource they were removed from', async () => {
    const second = await createAccount(owner, 'カフェ花 渋谷店');
    const leaver = await friend('offboarded');
    await grantRole(accountId, leaver.userId, 'operator', owner.userId);
    await grantRole(second, leaver.userId, 'operator_no_stats', owner.userId);
    const { response, enqueued } = await request('DELETE', `/api/access/${leaver.userId}`, owner.token);
    expect(response.status).toBe(200);
    expect(await json(response)).not.toHaveProperty('notifications');
    expect(enqueued).toHaveLength(2);
    const texts = (await pushed(enqueued)).map((push) => [push.to, push.altText]);
    expect(texts.sort()).toEqual(
      [
        [leaver.userId, '山田 花子さんが カフェ花 新宿店 のメンバーからあなたを削除しました'],
        [leaver.userId, '山田 花子さんが カフェ花 渋谷店 のメンバーからあなたを削除しました'],
      ].sort(),
    );
  });
});

describe('a change whose batch aborts tells nobody', () => {
  it('LAST_ADMIN: the last admin’s demotion and removal abort, and no notification is written', async () => {
    const sole = await friend('sole');
    const accountId = await createAccount(sole, '一人の店');
    const own = `/api/accounts/${accountId}/members/${sole.userId}`;
    const demoted = await request('PATCH', own, sole.token, { role: 'operator' });
    const removed = await request('DELETE', own, sole.token);
    expect([demoted.response.status, removed.response.status]).toEqual([409, 409]);
    expect([...demoted.enqueued, ...removed.enqueued]).toEqual([]);
    expect(await rows('resource_id = ?1', accountId)).toEqual([]);
  });

  it('offboarding oneself: LAST_ADMIN refused where they are the last admin, and no removal told', async () => {
    const owner = await friend('offboard-owner');
    const self = await friend('self-offboarder');
    const theirs = await createAccount(self, '残る店');
    const left = await createAccount(owner, '辞める店');
    await grantRole(left, self.userId, 'operator', owner.userId);
    const { response, enqueued } = await request('DELETE', `/api/access/${self.userId}`, self.token);
    const outcome = await json<{
      results: Array<{ resource: { id: string }; outcome: string; code: string }>;
    }>(response);
    expect(outcome.results.find((r) => r.resource.id === theirs)).toMatchObject({ code: 'LAST_ADMIN' });
    expect(enqueued).toEqual([]);
    expect(await rows('recipient_id = ?1', self.userId)).toEqual([]);
  });

  it('two admins demoting each other after both read: only the batch that commits writes its notification', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await friend('duel-a');
      const b = await friend('duel-b');
      const accountId = await createAccount(a, '決闘の店');
      await grantRole(accountId, b.userId, 'admin', a.userId);
      const db = readsTogether(2);
      const outcomes = await Promise.allSettled([
        changeMemberRole(
          db,
          callerOf(a),
          { kind: 'account', resourceId: accountId, userId: b.userId },
          'operator',
          Date.now(),
        ),
        changeMemberRole(
          db,
          callerOf(b),
          { kind: 'account', resourceId: accountId, userId: a.userId },
          'operator',
          Date.now(),
        ),
      ]);
      const won = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      expect(won).toHaveLength(1);
      const written = await rows('resource_id = ?1', accountId);
      expect(written).toHaveLength(1);
      expect(written.map((n) => n.id)).toEqual(won[0]?.notifications);
    }
  });
});

describe('an invite expired unused tells its issuer (cron)', () => {
  it('in the batch that marks it expired, with a button to invite again', async () => {
    const issuer = await friend('issuer');
    const accountId = await createAccount(issuer, 'カフェ花 池袋店');
    const stale = await issueInvite(issuer, accountId, 'operator_no_broadcast');
    const used = await issueInvite(issuer, accountId);
    expect((await useInvite(await signIn('user'), 'accept', used.token)).status).toBe(200);
    const enqueued = await cron(Date.now() + DAY + 1000);
    const written = await rows("kind = 'invite.expired' AND resource_id = ?1", accountId);
    expect(written).toMatchObject([{ recipient_id: issuer.userId, subject_id: stale.invite.id }]);
    expect(enqueued).toContain(written[0]?.id);
    expect(await pushed(written.map((n) => n.id))).toEqual([
      {
        to: issuer.userId,
        type: 'flex',
        altText: 'カフェ花 池袋店 への招待（運用担当者(配信権限なし)）は使われないまま期限が切れました',
        buttons: [['もう一度招待する', liff(`/accounts/${accountId}/invite`)]],
      },
    ]);
    // The next run finds nothing pending to expire, and tells nobody again.
    await cron(Date.now() + DAY + 2000);
    expect(await rows("kind = 'invite.expired' AND resource_id = ?1", accountId)).toHaveLength(1);
  });
});

describe('a single admin is reminded at most once a week (cron)', () => {
  let admin: Session;
  let single: string;
  let group: string;
  let shared: string;
  let unreachableOnes: string;
  const start = Date.now();

  beforeAll(async () => {
    admin = await friend('single-admin');
    single = await createAccount(admin, 'カフェ花 上野店');
    group = await createGroup(admin, 'カフェ花 下町');
    shared = await createAccount(admin, '二人の店');
    await grantRole(shared, (await friend('second-admin')).userId, 'admin', admin.userId);
    unreachableOnes = await createAccount(await signIn('not-a-friend'), '届かない店');
    // An admin only through a group does not count: the account still has a single direct admin.
    await addAccountToGroup(group, single, admin.userId);
  });

  const reminded = async (resourceId: string) =>
    (await rows("kind = 'single_admin' AND resource_id = ?1", resourceId)).length;

  it('not in a resource’s first week', async () => {
    await cron(start + 60_000);
    expect(await reminded(single)).toBe(0);
  });

  it('after it: the account’s and the group’s only admin, with a button to invite another admin', async () => {
    const enqueued = await cron(start + WEEK + 60_000);
    const written = await rows("kind = 'single_admin' AND resource_id IN (?1, ?2)", single, group);
    expect(written).toHaveLength(2);
    expect(enqueued).toEqual(expect.arrayContaining(written.map((n) => n.id)));
    const shownPushes = await pushed(written.map((n) => n.id));
    expect(shownPushes).toHaveLength(2);
    expect(shownPushes).toEqual(
      expect.arrayContaining([
        {
          to: admin.userId,
          type: 'flex',
          altText:
            'カフェ花 下町 の直接の管理者はあなた1人です（グループ経由の管理者は数えません）。もしものときに備えて、もう1人管理者を招待しましょう',
          buttons: [['管理者を招待する', liff(`/groups/${group}/invite`)]],
        },
        {
          to: admin.userId,
          type: 'flex',
          altText:
            'カフェ花 上野店 の直接の管理者はあなた1人です（グループ経由の管理者は数えません）。もしものときに備えて、もう1人管理者を招待しましょう',
          buttons: [['管理者を招待する', liff(`/accounts/${single}/invite`)]],
        },
      ]),
    );
    expect(await reminded(shared)).toBe(0);
    expect(await reminded(unreachableOnes)).toBe(0);
  });

  it('not again within the week, whatever the number of runs; again after it', async () => {
    await cron(start + WEEK + 15 * 60_000);
    await cron(start + 2 * WEEK);
    expect(await reminded(single)).toBe(1);
    await cron(start + 2 * WEEK + 2 * 60_000);
    expect(await reminded(single)).toBe(2);
  });
});

describe('GET /api/{kind}/{id}/notifications: what could not be delivered, for admins', () => {
  it('lists the failed notifications about the resource, newest first, with the recipient and LINE’s reason', async () => {
    const owner = await friend('failed-owner');
    const accountId = await createAccount(owner, '届かなかった店');
    const member = await friend('failed-member', '届かない 人');
    const operator = await signIn('failed-operator');
    await grantRole(accountId, member.userId, 'operator', owner.userId);
    await grantRole(accountId, operator.userId, 'operator', owner.userId);
    const { enqueued } = await request(
      'PATCH',
      `/api/accounts/${accountId}/members/${member.userId}`,
      owner.token,
      { role: 'operator_no_stats' },
    );
    answerNextPushes(400);
    await deliver(enqueued);
    const delivered = await request(
      'PATCH',
      `/api/accounts/${accountId}/members/${member.userId}`,
      owner.token,
      { role: 'operator' },
    );
    await deliver(delivered.enqueued);

    const response = await call('GET', `/api/accounts/${accountId}/notifications`, { token: owner.token });
    expect(response.status).toBe(200);
    const body = await json<{ notifications: Array<{ lastError: string }> }>(response);
    expect(body).toEqual({
      notifications: [
        {
          id: enqueued[0],
          kind: 'member.role_changed',
          recipient: { userId: member.userId, displayName: '届かない 人' },
          status: 'failed',
          attempts: 1,
          lastError: expect.stringContaining('400'),
          createdAt: expect.any(String),
        },
      ],
    });
    const refused = await call('GET', `/api/accounts/${accountId}/notifications`, { token: operator.token });
    expect(refused.status).toBe(403);
    const stranger = await signIn('failed-stranger');
    const hidden = await call('GET', `/api/accounts/${accountId}/notifications`, { token: stranger.token });
    expect(hidden.status).toBe(404);
  });
});
