/** Roles of LINE Official Account Manager; groups use the same four at group level (SPEC §3). */
export const ROLES = ['admin', 'operator', 'operator_no_broadcast', 'operator_no_stats'] as const;
export type Role = (typeof ROLES)[number];

export const CAPABILITIES = [
  'manage_members',
  'manage_settings',
  'broadcast',
  'edit_messages',
  'view_stats',
  'chat',
  'view_own_access',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** The permission matrix of SPEC §3, one row per role. */
export const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  admin: CAPABILITIES,
  operator: ['broadcast', 'edit_messages', 'view_stats', 'chat', 'view_own_access'],
  operator_no_broadcast: ['edit_messages', 'view_stats', 'chat', 'view_own_access'],
  operator_no_stats: ['broadcast', 'edit_messages', 'chat', 'view_own_access'],
};

export interface GroupRef {
  id: string;
  name: string;
}

/** One way a person holds a role on a resource: directly, or through a group that contains it. */
export type Grant = { role: Role; source: 'direct' } | { role: Role; source: 'group'; group: GroupRef };

/** Effective permissions are the union of every grant's (SPEC §2). */
export function capabilitiesOf(grants: readonly Grant[]): Capability[] {
  const held = new Set(grants.flatMap((grant) => ROLE_CAPABILITIES[grant.role]));
  return CAPABILITIES.filter((capability) => held.has(capability));
}

/**
 * The role that names the union of the grants. Every union of the four roles equals one of them
 * (配信権限なし ∪ 分析の閲覧権限なし = 運用担当者), so the answer is always a role.
 */
export function effectiveRole(grants: readonly Grant[]): Role | null {
  if (grants.length === 0) {
    return null;
  }
  const held = capabilitiesOf(grants);
  const role = ROLES.find((candidate) => {
    const capabilities = ROLE_CAPABILITIES[candidate];
    return capabilities.length === held.length && capabilities.every((c) => held.includes(c));
  });
  return role ?? 'admin';
}

export function sourceOf(grants: readonly Grant[]): 'direct' | 'group' {
  return grants.some((grant) => grant.source === 'direct') ? 'direct' : 'group';
}
