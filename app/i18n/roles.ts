import type { ResourceKind, Role } from '../api/types';
import { t } from './index';

// What each role can and cannot do, in one plain sentence (SPEC §3). Kept out of the main dictionaries:
// only the pages that pick or explain a role load it, so the first screen's JavaScript stays small.

type Descriptions = Record<ResourceKind, Record<Role, string>>;

const ja: Descriptions = {
  account: {
    admin: 'メンバーの追加・権限の変更・設定・配信・分析・チャットなど、すべての操作ができます。',
    operator: '配信・メッセージの作成・分析・チャットはできますが、メンバー管理と設定の変更はできません。',
    operator_no_broadcast: 'メッセージの作成・チャット・分析はできますが、配信とメンバー管理はできません。',
    operator_no_stats: '配信・メッセージの作成・チャットはできますが、分析の閲覧とメンバー管理はできません。',
  },
  group: {
    admin: 'グループのメンバーと招待を管理でき、グループ内のすべてのアカウントですべての操作ができます。',
    operator:
      'グループ内のすべてのアカウントで配信・メッセージの作成・分析・チャットができますが、メンバー管理と設定の変更はできません。',
    operator_no_broadcast:
      'グループ内のすべてのアカウントでメッセージの作成・チャット・分析ができますが、配信とメンバー管理はできません。',
    operator_no_stats:
      'グループ内のすべてのアカウントで配信・メッセージの作成・チャットができますが、分析の閲覧とメンバー管理はできません。',
  },
};

const en: Descriptions = {
  account: {
    admin: 'Can do everything: add members, change roles and settings, send messages, view statistics, chat.',
    operator:
      'Can send and create messages, view statistics and chat, but cannot manage members or change settings.',
    operator_no_broadcast:
      'Can create messages, chat and view statistics, but cannot send messages or manage members.',
    operator_no_stats: 'Can send and create messages and chat, but cannot view statistics or manage members.',
  },
  group: {
    admin: 'Manages the group’s members and invites, and can do everything on every account in the group.',
    operator:
      'On every account in the group: can send and create messages, view statistics and chat, but cannot manage members or change settings.',
    operator_no_broadcast:
      'On every account in the group: can create messages, chat and view statistics, but cannot send messages or manage members.',
    operator_no_stats:
      'On every account in the group: can send and create messages and chat, but cannot view statistics or manage members.',
  },
};

/** The plain-language sentence of what the role can and cannot do, in the user's language. */
export function roleDescription(role: Role, kind: ResourceKind): string {
  return (t.lang === 'ja' ? ja : en)[kind][role];
}

/** The order in which roles are offered: most access first, as in LINE Official Account Manager. */
export const ROLE_ORDER: readonly Role[] = [
  'admin',
  'operator',
  'operator_no_broadcast',
  'operator_no_stats',
];

// SPEC rule 11, in the words of an admin whose role on the account comes only through a group.
const throughGroupJa = {
  noAdmin: 'グループ経由の管理者は、管理者を任命できません。アカウントの直接の管理者に頼んでください。',
  protectedAdmin: (name: string) =>
    `${name}さんはこのアカウントの直接の管理者です。あなたはグループ経由の管理者なので、直接の管理者の権限の変更や削除はできません。`,
  refused:
    'あなたはこのアカウントをグループ経由で管理しています。直接の管理者の削除や権限の変更、管理者の招待や承認、ほかのグループへの追加は、アカウントの直接の管理者だけができます。',
};

const throughGroupEn: typeof throughGroupJa = {
  noAdmin: 'An admin through a group cannot make anyone admin. Ask a direct admin of the account.',
  protectedAdmin: (name) =>
    `${name} is a direct admin of this account. You are an admin through a group, so you cannot change or remove a direct admin.`,
  refused:
    'You manage this account through a group. Only its direct admins can remove or demote a direct admin, invite or approve an admin, or put the account into another group.',
};

/** What an admin through a group may not do on the account (SPEC rule 11), in the user's language. */
export function throughGroupText(): typeof throughGroupJa {
  return t.lang === 'ja' ? throughGroupJa : throughGroupEn;
}
