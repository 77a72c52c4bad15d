import type { FailedNotification } from '../api/types';
import { t } from './index';

type Kind = FailedNotification['kind'];

// The words of LINE notifications in the app: ホーム's card (do they reach you, the switch) and the failed
// deliveries an admin sees on a resource page. Lazily loaded with those, out of the first screen's JavaScript.

const ja = {
  card: {
    title: 'LINEへの通知',
    on: '参加リクエストや、あなたの権限の変更がKengenの公式アカウントからLINEに届きます。',
    off: '通知をオフにしています。参加リクエストなどはLINEに届きません。',
    notFriend:
      'Kengenの公式アカウントを友だち追加すると、参加リクエストや、あなたの権限の変更がLINEに届きます。',
    notFriendNoLink: 'LINEでKengenの公式アカウントを友だち追加すると、通知が届くようになります。',
    unheard:
      '友だち追加を、Kengenはまだ確認できていません。公式アカウントを一度ブロックして解除すると、通知が届くようになります。',
    status: { on: '届きます', off: 'オフ', 'not-friend': '届きません', unheard: '届きません' },
    addFriend: '友だち追加',
    switchLabel: 'LINEで通知を受け取る',
    switchHint: 'オフにすると、Kengenからのメッセージは届かなくなります。',
    saveFailed: '通知の設定を変更できませんでした',
  },
  failed: {
    title: '届かなかった通知',
    hint: 'LINEに届けられなかった通知です。相手に直接お知らせください。',
    row: (name: string, what: string) => `${name}さんへの「${what}」`,
    attempts: (count: number) => `${count}回試行`,
    lastError: 'LINEからの応答',
    loadFailed: '届かなかった通知を読み込めませんでした',
    kinds: {
      'request.created': '参加リクエスト',
      'request.approved': '参加の承認',
      'request.rejected': '参加リクエストの却下',
      'invite.accepted': '招待からの参加',
      'invite.declined': '招待の辞退',
      'invite.expired': '招待の期限切れ',
      'member.role_changed': '権限の変更',
      'member.removed': 'メンバーからの削除',
      single_admin: '直接の管理者が1人だけのお知らせ',
      'review.due': '権限の見直しの期限',
    } satisfies Record<Kind, string>,
  },
};

export type NotificationsDict = typeof ja;

const en: NotificationsDict = {
  card: {
    title: 'Notifications in LINE',
    on: 'Join requests and changes to your access reach you in LINE, from Kengen’s official account.',
    off: 'Notifications are off: join requests and the like do not reach you in LINE.',
    notFriend:
      'Add Kengen’s official account as a friend to hear about join requests and changes to your access in LINE.',
    notFriendNoLink: 'Add Kengen’s official account as a friend in LINE to get notifications.',
    unheard:
      'Kengen has not been told yet that you added its official account. Block it and unblock it once, and notifications will reach you.',
    status: { on: 'On', off: 'Off', 'not-friend': 'Not reaching you', unheard: 'Not reaching you' },
    addFriend: 'Add friend',
    switchLabel: 'Get notifications in LINE',
    switchHint: 'When off, Kengen sends you no messages.',
    saveFailed: 'Could not change the notification setting',
  },
  failed: {
    title: 'Notifications not delivered',
    hint: 'LINE could not be made to deliver these. Tell the person directly.',
    row: (name: string, what: string) => `“${what}” to ${name}`,
    attempts: (count: number) => `${count} ${count === 1 ? 'attempt' : 'attempts'}`,
    lastError: 'What LINE answered',
    loadFailed: 'Could not load the undelivered notifications',
    kinds: {
      'request.created': 'Join request',
      'request.approved': 'Join request approved',
      'request.rejected': 'Join request rejected',
      'invite.accepted': 'Joined through an invite',
      'invite.declined': 'Invite declined',
      'invite.expired': 'Invite expired',
      'member.role_changed': 'Role changed',
      'member.removed': 'Removed from members',
      single_admin: 'Single admin reminder',
      'review.due': 'Access review due',
    },
  },
};

export function tn(): NotificationsDict {
  return t.lang === 'ja' ? ja : en;
}
