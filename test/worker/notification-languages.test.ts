import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../worker/notifications/copy';
import {
  inviteAcceptedMessage,
  inviteDeclinedMessage,
  inviteExpiredMessage,
  joinRequestMessage,
  type LineMessage,
  memberRemovedMessage,
  type Rendered,
  requestApprovedMessage,
  requestRejectedMessage,
  reviewDueMessage,
  roleChangedMessage,
  singleAdminMessage,
} from '../../worker/notifications/messages';
import { createAccount, issueInvite, type Session } from '../support/api';
import { createGroup, grantRole } from '../support/fixtures';
import type { SentPush } from '../support/line-standin';
import {
  approvalAccount,
  cron,
  deliver,
  friend,
  joinRequest,
  liff,
  request,
  watchPushes,
} from '../support/notifications';

/**
 * Issue 13: LINE messages in Japanese first, in English for people whose LINE language is not Japanese. The
 * app sends LIFF's language at sign-in; the outbox statement, which chooses the recipients, stores each one's
 * rendering. No language stored (never signed in from the app since) is Japanese.
 */

const DAY = 24 * 60 * 60 * 1000;
const WEEK = 7 * DAY;

interface Bubble {
  altText: string;
  contents: {
    body: { contents: Array<{ text: string }> };
    footer: { contents: Array<{ action: { label: string; uri: string } }> };
  };
}

/** A push as its reader sees it: the title and text of the bubble, its altText and buttons. */
function read(push: SentPush | { to: string; messages: unknown[] }) {
  const [message] = push.messages as Bubble[];
  return {
    to: push.to,
    altText: message?.altText,
    body: message?.contents.body.contents.map((text) => text.text),
    buttons: message?.contents.footer.contents.map((button) => [button.action.label, button.action.uri]),
  };
}

async function pushed(ids: readonly string[]) {
  const pushes = watchPushes();
  await deliver(ids);
  return pushes()
    .map(read)
    .sort((a, b) => a.to.localeCompare(b.to));
}

describe('a join request to admins of different LINE languages', () => {
  let japanese: Session;
  let english: Session;
  let unknown: Session;
  let chinese: Session;
  let regional: Session;
  let accountId: string;

  beforeAll(async () => {
    japanese = await friend('ja-admin', '山田 花子', 'ja');
    english = await friend('en-admin', 'Emily', 'en');
    unknown = await friend('no-language-admin');
    chinese = await friend('zh-admin', '陳', 'zh-TW');
    regional = await friend('ja-jp-admin', '佐藤', 'ja-JP');
    accountId = await approvalAccount(japanese, 'Cafe Hana Shinjuku');
    for (const admin of [english, unknown, chinese, regional]) {
      await grantRole(accountId, admin.userId, 'admin', japanese.userId);
    }
  });

  it('tells each admin in theirs, in one batch: Japanese for ja, ja-JP and none, English otherwise', async () => {
    const requester = await friend('requester', 'Tanaka', 'ja');
    const { requestId, enqueued } = await joinRequest(japanese, accountId, requester);
    expect(enqueued).toHaveLength(5);

    // What the outbox stored is the recipient's rendering, not both.
    const { results: stored } = await env.DB.prepare(
      'SELECT recipient_id AS to_user, messages FROM notifications WHERE subject_id = ?1',
    )
      .bind(requestId)
      .all<{ to_user: string; messages: string }>();
    const storedAltText = Object.fromEntries(
      stored.map((row) => [row.to_user, (JSON.parse(row.messages) as Bubble[]).map((m) => m.altText)]),
    );

    const screen = liff(`/accounts/${accountId}`);
    const inJapanese = {
      altText: 'Tanakaさんが Cafe Hana Shinjuku への参加をリクエストしています（運用担当者）',
      body: [
        '参加リクエスト',
        'Tanakaさんが Cafe Hana Shinjuku への参加をリクエストしています（運用担当者）',
      ],
      buttons: [
        ['承認', screen],
        ['却下', screen],
      ],
    };
    const inEnglish = {
      altText: 'Tanaka requested to join Cafe Hana Shinjuku as Operator',
      body: ['Join request', 'Tanaka requested to join Cafe Hana Shinjuku as Operator'],
      buttons: [
        ['Approve', screen],
        ['Reject', screen],
      ],
    };
    const expected = [
      { to: japanese.userId, ...inJapanese },
      { to: regional.userId, ...inJapanese },
      { to: unknown.userId, ...inJapanese },
      { to: english.userId, ...inEnglish },
      { to: chinese.userId, ...inEnglish },
    ].sort((a, b) => a.to.localeCompare(b.to));
    for (const { to, altText } of expected) expect(storedAltText[to]).toEqual([altText]);
    expect(await pushed(enqueued)).toEqual(expected);
  });

  it('names a group role in English as the app does', async () => {
    const groupId = await createGroup(english, 'Cafe Hana Tokyo');
    await request('PATCH', `/api/groups/${groupId}`, english.token, { requireApproval: true });
    const { token } = await issueInvite(english, groupId, 'operator_no_broadcast', 'groups');
    const requester = await friend('group-requester', 'Suzuki');
    const { response, enqueued } = await request('POST', '/api/invites/accept', requester.token, { token });
    expect(response.status).toBe(202);
    const [push] = await pushed(enqueued);
    expect(push?.altText).toBe('Suzuki requested to join Cafe Hana Tokyo as Group operator (no broadcast)');
  });
});

describe('what happened to someone, told in their language', () => {
  let admin: Session;
  let accountId: string;

  beforeAll(async () => {
    admin = await friend('en-changer', 'Yamada', 'en-US');
    accountId = await approvalAccount(admin, 'Cafe Hana Shibuya');
  });

  it('approved and rejected join requests, to an English-speaking requester', async () => {
    const approved = await friend('en-approved', 'Ito', 'en');
    const first = await joinRequest(admin, accountId, approved, 'operator_no_stats');
    const approval = await request('POST', `/api/requests/${first.requestId}/approve`, admin.token);
    expect(approval.response.status).toBe(200);
    const rejected = await friend('en-rejected', 'Kato', 'fr');
    const second = await joinRequest(admin, accountId, rejected);
    const rejection = await request('POST', `/api/requests/${second.requestId}/reject`, admin.token);
    expect(rejection.response.status).toBe(204);

    expect(await pushed([...approval.enqueued, ...rejection.enqueued])).toEqual(
      [
        {
          to: approved.userId,
          altText: 'Your request to join Cafe Hana Shibuya as Operator (no statistics) was approved',
          body: [
            'Join request approved',
            'Your request to join Cafe Hana Shibuya as Operator (no statistics) was approved',
          ],
          buttons: [['Open', liff(`/accounts/${accountId}`)]],
        },
        {
          to: rejected.userId,
          altText: 'Your request to join Cafe Hana Shibuya as Operator was rejected',
          body: ['Join request rejected', 'Your request to join Cafe Hana Shibuya as Operator was rejected'],
          buttons: [['Open Home', liff('/')]],
        },
      ].sort((a, b) => a.to.localeCompare(b.to)),
    );
  });

  it('a role changed and a removal, to an English-speaking member; a Japanese one hears Japanese', async () => {
    const member = await friend('en-member', 'Mori', 'en');
    const colleague = await friend('ja-member', '森', 'ja');
    await grantRole(accountId, member.userId, 'operator', admin.userId);
    await grantRole(accountId, colleague.userId, 'operator', admin.userId);
    const members = `/api/accounts/${accountId}/members`;
    const changed = await request('PATCH', `${members}/${member.userId}`, admin.token, { role: 'admin' });
    const removed = await request('DELETE', `${members}/${colleague.userId}`, admin.token);
    expect([changed.response.status, removed.response.status]).toEqual([200, 204]);

    const [toMember] = await pushed(changed.enqueued);
    expect(toMember).toEqual({
      to: member.userId,
      altText: 'Yamada changed your role in Cafe Hana Shibuya to Admin',
      body: ['Role changed', 'Yamada changed your role in Cafe Hana Shibuya to Admin'],
      buttons: [['Open', liff(`/accounts/${accountId}`)]],
    });
    const [toColleague] = await pushed(removed.enqueued);
    expect(toColleague?.altText).toBe('Yamadaさんが Cafe Hana Shibuya のメンバーからあなたを削除しました');

    const gone = await request('DELETE', `${members}/${member.userId}`, admin.token);
    const [removal] = await pushed(gone.enqueued);
    expect(removal).toEqual({
      to: member.userId,
      altText: 'Yamada removed you from Cafe Hana Shibuya',
      body: ['Removed from members', 'Yamada removed you from Cafe Hana Shibuya'],
      buttons: [['Open Home', liff('/')]],
    });
  });

  it('the cron: an expired invite and the weekly single-admin reminder, in English', async () => {
    const start = Date.now();
    const issuer = await friend('en-issuer', 'Abe', 'en-GB');
    const shop = await createAccount(issuer, 'Cafe Hana Ueno');
    await issueInvite(issuer, shop, 'operator_no_broadcast');
    await cron(start + DAY + 1000);
    await cron(start + WEEK + 60_000);
    const { results } = await env.DB.prepare(
      'SELECT id, kind FROM notifications WHERE resource_id = ?1 ORDER BY kind',
    )
      .bind(shop)
      .all<{ id: string; kind: string }>();
    expect(results.map((n) => n.kind)).toEqual(['invite.expired', 'single_admin']);
    const byText = (a: { altText?: string }, b: { altText?: string }) =>
      (a.altText ?? '').localeCompare(b.altText ?? '');
    expect((await pushed(results.map((n) => n.id))).sort(byText)).toEqual(
      [
        {
          to: issuer.userId,
          altText: 'Your invite to join Cafe Hana Ueno as Operator (no broadcast) expired unused',
          body: [
            'Invite expired',
            'Your invite to join Cafe Hana Ueno as Operator (no broadcast) expired unused',
          ],
          buttons: [['Invite again', liff(`/accounts/${shop}/invite`)]],
        },
        {
          to: issuer.userId,
          altText:
            'You are the only direct admin of Cafe Hana Ueno (admins through a group do not count). Invite a second admin, so that someone can still manage it if you cannot.',
          body: [
            'Only one direct admin',
            'You are the only direct admin of Cafe Hana Ueno (admins through a group do not count). Invite a second admin, so that someone can still manage it if you cannot.',
          ],
          buttons: [['Invite an admin', liff(`/accounts/${shop}/invite`)]],
        },
      ].sort(byText),
    );
  });
});

describe('the builders render every message in each language', () => {
  const account = { kind: 'account' as const, id: 'acc-1', name: 'Cafe Hana' };
  const group = { kind: 'group' as const, id: 'grp-1', name: 'Cafe Hana Group' };
  const invitee = { userId: 'U-invitee', displayName: 'Ito' };
  const all: Array<[string, Rendered]> = [
    ['join request', joinRequestMessage({ resource: account, role: 'operator', requesterName: 'Tanaka' })],
    ['approved', requestApprovedMessage({ resource: group, role: 'admin' })],
    ['rejected', requestRejectedMessage({ resource: account, role: 'operator_no_stats' })],
    ['invite accepted', inviteAcceptedMessage({ resource: account, role: 'operator', invitee })],
    ['invite declined', inviteDeclinedMessage({ resource: group, role: 'operator_no_broadcast', invitee })],
    ['role changed', roleChangedMessage({ resource: account, role: 'admin', actorName: 'Yamada' })],
    ['removed', memberRemovedMessage({ resource: group, actorName: 'Yamada' })],
    ['invite expired', inviteExpiredMessage({ resource: account, role: 'operator' })],
    ['single admin', singleAdminMessage({ resource: group })],
    [
      'review due',
      reviewDueMessage({
        resource: account,
        reviewId: 'rev-1',
        dueAt: Date.UTC(2026, 11, 15, 3),
        overdue: false,
      }),
    ],
    [
      'review overdue',
      reviewDueMessage({
        resource: group,
        reviewId: 'rev-2',
        dueAt: Date.UTC(2026, 11, 15, 3),
        overdue: true,
      }),
    ],
  ];
  const JAPANESE = /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/;
  const parts = (messages: LineMessage[]) =>
    messages.flatMap((m) => [...m.contents.body.contents, ...m.contents.footer.contents]);
  const words = (messages: LineMessage[]) => [
    ...messages.map((m) => m.altText),
    ...parts(messages).map((part) => (part.type === 'text' ? part.text : part.action.label)),
  ];
  const links = (messages: LineMessage[]) =>
    parts(messages).flatMap((part) => (part.type === 'button' ? [[part.style, part.action.uri]] : []));

  it.each(all)(
    '%s: the same buttons and links in Japanese and English, and no Japanese in English',
    (_name, rendered) => {
      expect(Object.keys(rendered).sort()).toEqual([...LANGUAGES].sort());
      expect(links(rendered.en)).toEqual(links(rendered.ja));
      expect(links(rendered.en).length).toBeGreaterThan(0);
      for (const word of words(rendered.en)) expect(word).not.toMatch(JAPANESE);
      for (const word of words(rendered.ja)) expect(word).toBeTruthy();
      expect(words(rendered.ja)).not.toEqual(words(rendered.en));
    },
  );

  it('writes the review’s deadline as each language writes a date, in Japan’s time', () => {
    // 16:00 UTC on 15 December is 01:00 on the 16th in Tokyo: the day the admins see on their calendars.
    const rendered = reviewDueMessage({
      resource: account,
      reviewId: 'rev-1',
      dueAt: Date.UTC(2026, 11, 15, 16),
      overdue: false,
    });
    expect(rendered.ja[0]?.altText).toBe(
      'Cafe Hana の棚卸しが始まりました。12月16日までに、アクセスできる人を1人ずつ確認してください',
    );
    expect(rendered.en[0]?.altText).toBe(
      'An access review of Cafe Hana has started. Check everyone who has access by December 16.',
    );
  });
});
