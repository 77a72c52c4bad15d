import { ROLE_NAMES_JA } from '../../worker/authz/role-names';
import type { ErrorCode } from '../../worker/lib/errors';
import type { MemberLimit } from '../api/errors';
import type { ResourceKind } from '../api/types';

export const ja = {
  lang: 'ja',
  appName: 'Kengen 権限',
  loading: '読み込み中…',
  retry: '再試行',
  working: '処理中…',
  pageFailed: 'この画面を読み込めませんでした',
  back: 'ホームに戻る',
  signIn: {
    failed: 'サインインできませんでした',
    loginAgain: 'LINEでログインし直す',
  },
  errors: {
    network: '通信できませんでした。電波の良い場所でもう一度お試しください。',
    unknown: '問題が発生しました。時間をおいてもう一度お試しください。',
    unknownCode: (id: string) =>
      `問題が発生しました(問い合わせ番号: ${id})。時間をおいてもう一度お試しください。`,
    requestId: (id: string) => `問い合わせ番号: ${id}`,
    memberLimitOver: ({ seats, adding, limit }: MemberLimit) =>
      `上限${limit}人を${seats + adding - limit}人超えます(いま${seats}人、追加で${adding}人)。人数を減らしてからもう一度お試しください。`,
    // Every code the Worker can answer: a new one in ERROR_STATUS fails the build until it is worded here.
    codes: {
      INVALID_INPUT: '入力内容を確認してください。',
      INVALID_TOKEN: 'LINEでの本人確認ができませんでした。LINEでログインし直してください。',
      UNAUTHENTICATED: 'サインインの有効期限が切れました。画面を開き直してください。',
      FORBIDDEN: 'この操作を行う権限がありません。',
      NOT_FOUND: '見つかりません、またはアクセス権がありません。',
      ALREADY_MEMBER: 'すでにメンバーです。',
      ALREADY_IN_GROUP: 'このアカウントはすでにこのグループに入っています。',
      CONFLICT: '同時にほかの変更がありました。もう一度お試しください。',
      INVITE_NOT_PENDING: 'この招待はすでに使われたか、取り消されています。',
      LAST_ADMIN:
        '最後の管理者がいなくなるため、できません。先に2人目の管理者を追加してください(グループ経由の管理者は数えません)。',
      MEMBER_LIMIT: 'メンバーが上限(100人)に達しています。',
      OWN_INVITE: '自分で発行した招待には参加できません。',
      REQUEST_NOT_PENDING: 'この参加リクエストはすでに処理されています。',
      REQUEST_PENDING: '参加リクエストは管理者の承認待ちです。',
      REVIEW_OPEN:
        '進行中の棚卸しがあります。完了するまで、新しい棚卸しを始めることも、CSVに書き出すこともできません。',
      REVIEW_INCOMPLETE: '全員について「残す」か「外す」かを決めてから完了してください。',
      REVIEW_CLOSED: 'この棚卸しは完了しているため、変更できません。',
      GRANT_VIA_GROUP:
        'この人はグループ経由でだけアクセスしています。グループから外すか、アカウントをグループから外してください。',
      INVITE_EXPIRED: 'この招待は有効期限が切れています。',
      INVITE_REVOKED: 'この招待は取り消されています。',
      INVITE_USED: 'この招待はすでに使われています。',
      PAYLOAD_TOO_LARGE: '送信する内容が大きすぎます。',
      CHANNEL_TOKEN_INVALID:
        'LINEがこのチャネルアクセストークンを受け付けませんでした。LINE Developersコンソールでコピーし直してください。',
      CHANNEL_MISMATCH:
        'このトークンは別のLINE公式アカウントのものです。このアカウントのチャネルのトークンを使ってください。',
      CHANNEL_IN_USE: 'このMessaging APIチャネルは、すでに別のアカウントに接続されています。',
      CHANNEL_NOT_CONNECTED:
        'このアカウントにはMessaging APIが接続されていません。管理者が接続してください。',
      CHANNEL_TOKEN_REVOKED:
        'LINEが保存済みのトークンを受け付けなくなりました。管理者がMessaging APIを接続し直してください。',
      CHANNEL_TOKEN_UNREADABLE:
        '保存済みのトークンを読み出せませんでした。管理者がMessaging APIを接続し直してください。',
      RETRY_KEY_REUSED:
        'この再送信は最初の送信と内容が一致しないため、送信しませんでした。もう一度送信してください。',
      RETRY_KEY_EXPIRED:
        '最初の送信から時間が経ちすぎているため、やり直せません。届いているか確かめてから、もう一度送信してください。',
      LINE_QUOTA_EXCEEDED: '今月の配信メッセージ数の上限に達しています。',
      LINE_RATE_LIMITED: 'LINEへのリクエストが集中しています。少し待ってからもう一度お試しください。',
      LINE_UNAVAILABLE: 'LINEから応答がありませんでした。時間をおいてもう一度お試しください。',
      LINE_REFUSED: 'LINEがこの内容を受け付けませんでした。内容を確認してください。',
      INTERNAL: 'サーバーで問題が発生しました。時間をおいてもう一度お試しください。',
    } satisfies Record<ErrorCode, string>,
  },
  roles: ROLE_NAMES_JA.account,
  groupRoles: ROLE_NAMES_JA.group,
  kinds: { account: 'アカウント', group: 'グループ' } satisfies Record<ResourceKind, string>,
  source: {
    direct: '直接',
    viaGroup: (group: string) => `グループ「${group}」経由`,
    viaSomeGroup: 'グループ経由',
  },
  singleAdmin: '直接の管理者が1人だけです',
  home: {
    title: 'ホーム',
    accounts: 'アカウント',
    groups: 'グループ',
    register: 'アカウントを登録',
    createGroup: 'グループを作成',
    access: 'アクセス一覧',
    accessHint: '誰がどのアカウントにアクセスできるかを一覧で確認し、退職者の権限をまとめて削除できます',
    pending: '承認待ちの参加リクエスト',
    pendingRow: (role: string) => `${role}として参加を申請中`,
    count: (count: number) => `${count.toLocaleString('ja-JP')}件`,
    pendingMore: (count: number) => `ほか${count.toLocaleString('ja-JP')}件`,
    emptyTitle: 'まだアカウントがありません',
    emptyBody:
      'LINE公式アカウントを登録すると、あなたが管理者になります。ほかの人のアカウントに参加するには、その管理者に招待リンクを送ってもらってください。',
    loadFailed: 'アカウントを読み込めませんでした',
    waiting: 'あなたの対応待ち',
    waitingRequests: '承認するかどうか決める参加リクエスト',
    waitingRequest: (name: string, role: string) => `${name}さん(${role})`,
    waitingInvites: 'まもなく期限切れになる招待',
    waitingReviews: '棚卸し(アクセスの見直し)',
    reviewDue: (date: string) => `期限 ${date}`,
    reviewOverdue: (date: string) => `期限切れ(${date})`,
    waitingInvite: (role: string, left: string) => `${role}の招待 · ${left}`,
    minutesLeft: (minutes: number) =>
      minutes >= 60 ? `残り${Math.floor(minutes / 60)}時間` : `残り${Math.max(1, minutes)}分`,
  },
  resource: {
    yourRole: 'あなたの権限',
    canDo: 'できること',
    members: 'メンバー',
    memberCount: (count: number, limit: number) => `${count} / ${limit}人`,
    membersHidden: '管理者以外には、あなた自身と管理者だけが表示されます。',
    noMembers: 'メンバーはいません',
    notFound: '見つかりません、またはアクセス権がありません',
    notFoundBody: 'リンクが正しいか、管理者に招待されているかを確認してください。',
    loadFailed: '読み込めませんでした',
    you: '(あなた)',
    since: (date: string) => `${date}から`,
  },
  avatarAlt: (name: string) => `${name}のプロフィール画像`,
  notFound: {
    title: 'ページが見つかりません',
    body: 'URLが正しいか確認してください。',
  },
};

export type Dict = typeof ja;
