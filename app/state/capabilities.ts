import { CAPABILITIES, ROLE_CAPABILITIES } from '../../worker/authz/roles';
import type { Capability, Role } from '../api/types';

// The permission matrix of SPEC §3 is the Worker's own table (a plain module without dependencies), so the
// screens say exactly what the server will take away.

function held(roles: readonly Role[]): Set<Capability> {
  return new Set(roles.flatMap((role) => ROLE_CAPABILITIES[role]));
}

/**
 * What someone can no longer do when their roles go from `before` to `after` (both including the grants
 * through groups, which a change of the direct role leaves in place), in the order of the matrix.
 */
export function capabilitiesLost(before: readonly Role[], after: readonly Role[]): Capability[] {
  const had = held(before);
  const keeps = held(after);
  return CAPABILITIES.filter((capability) => had.has(capability) && !keeps.has(capability));
}

/** What a role on a group lets one do on the group itself (SPEC §3: LINE's groups have no chat nor 配信). */
export type GroupCapability =
  | 'manage_group_members'
  | 'manage_group_accounts'
  | 'read_group_history'
  | 'view_group';

/**
 * What a group role really grants (SPEC §2, §3): on the group, its admins manage its members and invites,
 * take accounts out of it and read its history, and everyone sees its members and accounts; on every account
 * in the group, for as long as the account stays in it, the account role of the same name and its
 * capabilities. `accounts` is what that account role allows, in the order of the matrix.
 */
export function groupRoleGrants(role: Role): {
  group: GroupCapability[];
  accountRole: Role;
  accounts: Capability[];
} {
  return {
    group:
      role === 'admin'
        ? ['manage_group_members', 'manage_group_accounts', 'read_group_history', 'view_group']
        : ['view_group'],
    accountRole: role,
    accounts: CAPABILITIES.filter((capability) => held([role]).has(capability)),
  };
}
