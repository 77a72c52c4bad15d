import type { Role } from './roles';

type RoleNames = Record<'account' | 'group', Record<Role, string>>;

/**
 * LINE Official Account Manager's Japanese names of the roles, and the group-level names Kengen uses: the
 * words of every screen, message and export in Japanese. One table for the Worker and the app.
 */
export const ROLE_NAMES_JA: RoleNames = {
  account: {
    admin: '管理者',
    operator: '運用担当者',
    operator_no_broadcast: '運用担当者(配信権限なし)',
    operator_no_stats: '運用担当者(分析の閲覧権限なし)',
  },
  group: {
    admin: 'グループ管理者',
    operator: 'グループ運用担当者',
    operator_no_broadcast: 'グループ運用担当者(配信権限なし)',
    operator_no_stats: 'グループ運用担当者(分析の閲覧権限なし)',
  },
};

/** The same in English, for people whose LINE is not in Japanese: the app's English screens and LINE messages. */
export const ROLE_NAMES_EN: RoleNames = {
  account: {
    admin: 'Admin',
    operator: 'Operator',
    operator_no_broadcast: 'Operator (no broadcast)',
    operator_no_stats: 'Operator (no statistics)',
  },
  group: {
    admin: 'Group admin',
    operator: 'Group operator',
    operator_no_broadcast: 'Group operator (no broadcast)',
    operator_no_stats: 'Group operator (no statistics)',
  },
};
