import type { Capability, Role } from '../api/types';

// A person's grants on one resource: at most one direct, and one per group that reaches it. The caller's
// own (GET /api/me, a resource's detail) and a member's (GET …/members) have the same shape.

export type GroupRef = { id: string; name: string };
export type AnyGrant = { role: Role; source: 'direct' } | { role: Role; source: 'group'; group: GroupRef };
export type GroupGrant = Extract<AnyGrant, { source: 'group' }>;

/** The direct grant's role: what role changes, removals and leaving act on. */
export function directRole(grants: readonly AnyGrant[]): Role | null {
  return grants.find((grant) => grant.source === 'direct')?.role ?? null;
}

export function groupGrants(grants: readonly AnyGrant[]): GroupGrant[] {
  return grants.flatMap((grant) => (grant.source === 'group' ? [grant] : []));
}

/**
 * The groups the caller can open among those reaching an account, from the caller's own grants on it: a
 * group's page is for its members, and a member of a group that holds the account reaches the account
 * through it. So the page of the account already knows, however many groups the caller is in.
 */
export function openableGroups(ownGrants: readonly AnyGrant[]): Set<string> {
  return new Set(groupGrants(ownGrants).map((grant) => grant.group.id));
}

export function isDirectAdmin(grants: readonly AnyGrant[]): boolean {
  return directRole(grants) === 'admin';
}

/**
 * SPEC rule 11: someone who manages the resource only through a group may not remove or demote its direct
 * admins, make anyone a direct admin, or put it into another group. Only accounts are reached through
 * groups, so on a group this is always false. The server refuses all of it anyway (403); the screens
 * use this to not offer it.
 */
export function adminOnlyThroughGroup(access: {
  capabilities: readonly Capability[];
  grants: readonly AnyGrant[];
}): boolean {
  return access.capabilities.includes('manage_members') && !isDirectAdmin(access.grants);
}
