import { t } from './index';

// The words of the demo's LINE view (demo and development builds only: production builds drop it, and these
// words with it).

const ja = {
  link: 'LINEで届いたメッセージ(デモ)',
  linkHint: 'Kengenの公式アカウントからLINEに届いたメッセージを、LINEの画面のように表示します',
  chatWith: 'Kengen',
  demoNote:
    'デモ用の画面です。ローカルのLINEの代わり(/dev/line)が受け取ったメッセージを、LINEのトークのように表示します。ボタンはこのアプリの画面を開きます。',
  refresh: '更新',
  refreshing: '更新中…',
  empty: 'まだメッセージはありません',
  emptyBody:
    '参加リクエストや承認などがあると、Kengenの公式アカウントからここにメッセージが届きます(友だち追加していて、通知がオンのとき)。',
  loadFailed: 'メッセージを読み込めませんでした',
  unsupported: (type: string) => `(表示できないメッセージ: ${type})`,
  follow: '友だち追加(デモ)',
  chats: 'トーク',
  emptyShop: 'このアカウントからのメッセージはまだありません',
  emptyShopBody: '「メッセージを作成」のテスト送信や配信が、このアカウントのトークに届きます。',
  external: (host: string) => `${host} を開きます`,
  time: (iso: string) =>
    new Intl.DateTimeFormat('ja-JP', { hour: '2-digit', minute: '2-digit' }).format(new Date(iso)),
  day: (iso: string) =>
    new Intl.DateTimeFormat('ja-JP', { month: 'numeric', day: 'numeric', weekday: 'short' }).format(
      new Date(iso),
    ),
};

export type LineViewDict = typeof ja;

const en: LineViewDict = {
  link: 'Messages received in LINE (demo)',
  linkHint: 'What Kengen’s official account sent you in LINE, shown as LINE shows it',
  chatWith: 'Kengen',
  demoNote:
    'A demo screen: the messages the local stand-in of LINE (/dev/line) received, shown like a LINE chat. Buttons open this app’s screens.',
  refresh: 'Refresh',
  refreshing: 'Refreshing…',
  empty: 'No messages yet',
  emptyBody:
    'Join requests, approvals and the like arrive here from Kengen’s official account (while you are its friend and notifications are on).',
  loadFailed: 'Could not load the messages',
  unsupported: (type: string) => `(a message this view cannot show: ${type})`,
  follow: 'Add friend (demo)',
  chats: 'Chats',
  emptyShop: 'No messages from this account yet',
  emptyShopBody: 'Test sends and broadcasts from “Write a message” arrive in this account’s chat.',
  external: (host: string) => `Opens ${host}`,
  time: (iso: string) =>
    new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit' }).format(new Date(iso)),
  day: (iso: string) =>
    new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', weekday: 'short' }).format(
      new Date(iso),
    ),
};

export function tl(): LineViewDict {
  return t.lang === 'ja' ? ja : en;
}
