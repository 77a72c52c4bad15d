import { type Capability, capabilitiesOf, type Grant, ROLE_CAPABILITIES, ROLES, type Role } from './roles';

/** Everything the API lets someone do to a resource, named by what is done. */
export const ACTIONS = [
  'resource.read',
  'resource.update',
  'members.read_all',
  'members.manage',
  'members.manage_admins',
  'invites.manage',
  'invites.issue_admin',
  'requests.decide',
  'requests.decide_admin',
  'audit.read',
  'notifications.read',
  'permissions.read_others',
  'group.accounts.add',
  'group.accounts.remove',
  'account.groups.add',
  'account.groups.cut',
  'channel.manage',
  'channel.stats',
  'channel.broadcast',
  'channel.test_send',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What an action needs: a capability, held through any grant or only through a direct one. Rule 11: the
 * account's direct admins are sovereign, so whatever could take their place or their power over the account
 * (touching a direct admin, making a direct admin, putting the account in a group) needs a direct grant.
 * A group's grants are all direct (groups do not nest), so on groups the two coincide.
 */
export const REQUIREMENTS: Record<Action, { capability: Capability; through: 'any' | 'direct' }> = {
  'resource.read': { capability: 'view_own_access', through: 'any' },
  'resource.update': { capability: 'manage_settings', through: 'any' },
  'members.read_all': { capability: 'manage_members', through: 'any' },
  'members.manage': { capability: 'manage_members', through: 'any' },
  'members.manage_admins': { capability: 'manage_members', through: 'direct' },
  'invites.manage': { capability: 'manage_members', through: 'any' },
  'invites.issue_admin': { capability: 'manage_members', through: 'direct' },
  'requests.decide': { capability: 'manage_members', through: 'any' },
  'requests.decide_admin': { capability: 'manage_members', through: 'direct' },
  'audit.read': { capability: 'manage_members', through: 'any' },
  // The resource's undelivered notifications: who could not be told what about it.
  'notifications.read': { capability: 'manage_members', through: 'any' },
  'permissions.read_others': { capability: 'manage_members', through: 'any' },
  // Asked of the group: its admins decide what it holds.
  'group.accounts.add': { capability: 'manage_settings', through: 'any' },
  'group.accounts.remove': { capability: 'manage_settings', through: 'any' },
  // Asked of the account: only its direct admins may put it in a group; they may cut any group's path in.
  'account.groups.add': { capability: 'manage_settings', through: 'direct' },
  'account.groups.cut': { capability: 'manage_settings', through: 'direct' },
  // A connected Messaging API channel (SPEC §9): the roles gate real work, through any grant.
  'channel.manage': { capability: 'manage_settings', through: 'any' },
  'channel.stats': { capability: 'view_stats', through: 'any' },
  'channel.broadcast': { capability: 'broadcast', through: 'any' },
  'channel.test_send': { capability: 'edit_messages', through: 'any' },
};

/** What one person holds on one resource: every grant, direct and through groups. */
export interface Access {
  userId: string;
  grants: readonly Grant[];
}

/**
 * An `Access` from roles a query selected: the direct role and the best role through a group (either may be
 * missing). The group's name does not matter to a decision.
 */
export function accessFromRoles(userId: string, direct: Role | null, viaGroup: Role | null = null): Access {
  const grants: Grant[] = [];
  if (direct) grants.push({ role: direct, source: 'direct' });
  if (viaGroup) grants.push({ role: viaGroup, source: 'group', group: { id: '', name: '' } });
  return { userId, grants };
}

/** The one authorization decision of the API. Routes ask it; nothing else decides. */
export function can(access: Access, action: Action): boolean {
  const { capability, through } = REQUIREMENTS[action];
  const grants = through === 'direct' ? access.grants.filter((g) => g.source === 'direct') : access.grants;
  return capabilitiesOf(grants).includes(capability);
}

/**
 * The roles whose grant allows an action, for SQL that must select what a person may act on (the access
 * overview, offboarding) by the same table instead of naming roles itself.
 */
export function rolesThatCan(action: Action): Role[] {
  return ROLES.filter((role) => ROLE_CAPABILITIES[role].includes(REQUIREMENTS[action].capability));
}

/** `role IN (…)` for SQL, from `rolesThatCan`; the roles are constants, never user input. */
export function roleInSql(column: string, action: Action): string {
  return `${column} IN (${rolesThatCan(action)
    .map((role) => `'${role}'`)
    .join(', ')})`;
}

/** SQL true when the membership role in `column` administers the resource: what "administers" means. */
export function managesInSql(column: string): string {
  return roleInSql(column, 'members.manage');
}
