import { ROLE_NAMES_EN, ROLE_NAMES_JA } from '../authz/role-names';

/**
 * The words of Kengen's LINE messages, in each language it speaks (issue 13: Japanese first, English for
 * people whose LINE is in another language). Names in the texts are the person's and resource's own; roles
 * are LINE's names, from the one table the app reads too.
 */
export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

type Text<Facts> = (facts: Facts) => string;
interface OnResource {
  resource: string;
}
interface WithRole extends OnResource {
  role: string;
}
interface ByPerson extends WithRole {
  person: string;
}

export interface Copy {
  roleNames: typeof ROLE_NAMES_JA;
  open: string;
  openHome: string;
  joinRequest: { title: string; text: Text<ByPerson>; approve: string; reject: string };
  requestApproved: { title: string; text: Text<WithRole> };
  requestRejected: { title: string; text: Text<WithRole> };
  inviteAccepted: { title: string; text: Text<ByPerson>; viewMember: string };
  inviteDeclined: { title: string; text: Text<ByPerson> };
  roleChanged: { title: string; text: Text<ByPerson> };
  memberRemoved: { title: string; text: Text<OnResource & { person: string }> };
  inviteExpired: { title: string; text: Text<WithRole>; inviteAgain: string };
  singleAdmin: { title: string; text: Text<OnResource>; inviteAdmin: string };
  reviewDue: {
    title: string;
    text: Text<OnResource & { due: string }>;
    /** The weekly reminder once the deadline has passed. */
    overdueTitle: string;
    overdueText: Text<OnResource & { due: string }>;
    openReview: string;
  };
  /** How a date is written (the review's deadline), in Japan's time: the companies are Japanese. */
  dateLocale: string;
}

const ja: Copy = {
  roleNames: ROLE_NAMES_JA,
  open: '開く',
  openHome: 'ホームを開く',
  joinRequest: {
    title: '参加リクエスト',
    text: (f) => `${f.person}さんが ${f.resource} への参加をリクエストしています（${f.role}）`,
    approve: '承認',
    reject: '却下',
  },
  requestApproved: {
    title: '参加リクエストの承認',
    text: (f) => `${f.resource} への参加が承認されました（${f.role}）`,
  },
  requestRejected: {
    title: '参加リクエストの却下',
    text: (f) => `${f.resource} への参加リクエスト（${f.role}）は却下されました`,
  },
  inviteAccepted: {
    title: '招待からの参加',
    text: (f) => `${f.person}さんが招待から ${f.resource} に参加しました（${f.role}）`,
    viewMember: 'メンバーを見る',
  },
  inviteDeclined: {
    title: '招待の辞退',
    text: (f) => `${f.person}さんが ${f.resource} への招待を辞退しました（${f.role}）`,
  },
  roleChanged: {
    title: '権限の変更',
    text: (f) => `${f.person}さんが ${f.resource} でのあなたの権限を ${f.role} に変更しました`,
  },
  memberRemoved: {
    title: 'メンバーから削除',
    text: (f) => `${f.person}さんが ${f.resource} のメンバーからあなたを削除しました`,
  },
  inviteExpired: {
    title: '招待の期限切れ',
    text: (f) => `${f.resource} への招待（${f.role}）は使われないまま期限が切れました`,
    inviteAgain: 'もう一度招待する',
  },
  singleAdmin: {
    title: '直接の管理者が1人です',
    text: (f) =>
      `${f.resource} の直接の管理者はあなた1人です（グループ経由の管理者は数えません）。もしものときに備えて、もう1人管理者を招待しましょう`,
    inviteAdmin: '管理者を招待する',
  },
  reviewDue: {
    title: '棚卸しの時期です',
    text: (f) =>
      `${f.resource} の棚卸しが始まりました。${f.due}までに、アクセスできる人を1人ずつ確認してください`,
    overdueTitle: '棚卸しの期限が過ぎています',
    overdueText: (f) =>
      `${f.resource} の棚卸しは${f.due}が期限でした。アクセスできる人を確認して、棚卸しを完了してください`,
    openReview: '棚卸しを開く',
  },
  dateLocale: 'ja-JP',
};

// The app's English words where it has them (Approve, Reject, Home), and LINE's English role names. The role
// comes as "as {role}": LINE's names carry their own parentheses (Operator (no broadcast)).
const en: Copy = {
  roleNames: ROLE_NAMES_EN,
  open: 'Open',
  openHome: 'Open Home',
  joinRequest: {
    title: 'Join request',
    text: (f) => `${f.person} requested to join ${f.resource} as ${f.role}`,
    approve: 'Approve',
    reject: 'Reject',
  },
  requestApproved: {
    title: 'Join request approved',
    text: (f) => `Your request to join ${f.resource} as ${f.role} was approved`,
  },
  requestRejected: {
    title: 'Join request rejected',
    text: (f) => `Your request to join ${f.resource} as ${f.role} was rejected`,
  },
  inviteAccepted: {
    title: 'Joined through your invite',
    text: (f) => `${f.person} joined ${f.resource} as ${f.role} through your invite`,
    viewMember: 'View member',
  },
  inviteDeclined: {
    title: 'Invite declined',
    text: (f) => `${f.person} declined your invite to join ${f.resource} as ${f.role}`,
  },
  roleChanged: {
    title: 'Role changed',
    text: (f) => `${f.person} changed your role in ${f.resource} to ${f.role}`,
  },
  memberRemoved: {
    title: 'Removed from members',
    text: (f) => `${f.person} removed you from ${f.resource}`,
  },
  inviteExpired: {
    title: 'Invite expired',
    text: (f) => `Your invite to join ${f.resource} as ${f.role} expired unused`,
    inviteAgain: 'Invite again',
  },
  singleAdmin: {
    title: 'Only one direct admin',
    text: (f) =>
      `You are the only direct admin of ${f.resource} (admins through a group do not count). Invite a second admin, so that someone can still manage it if you cannot.`,
    inviteAdmin: 'Invite an admin',
  },
  reviewDue: {
    title: 'Access review due',
    text: (f) => `An access review of ${f.resource} has started. Check everyone who has access by ${f.due}.`,
    overdueTitle: 'Access review overdue',
    overdueText: (f) =>
      `The access review of ${f.resource} was due ${f.due}. Check everyone who has access and complete it.`,
    openReview: 'Open the review',
  },
  dateLocale: 'en-US',
};

export const COPY: Record<Language, Copy> = { ja, en };
