import { type Capability, capabilitiesOf, type Grant } from './roles';

/** Everything the API lets someone do to a resource, named by what is done. */
export const ACTIONS = [
  'resource.read',
  'resource.update',
  'members.read_all',
  'members.manage',
  'invites.manage',
  'requests.decide',
  'audit.read',
  'permissions.read_others',
  'group_accounts.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const REQUIRED_CAPABILITY: Record<Action, Capability> = {
  'resource.read': 'view_own_access',
  'resource.update': 'manage_settings',
  'members.read_all': 'manage_members',
  'members.manage': 'manage_members',
  'invites.manage': 'manage_members',
  'requests.decide': 'manage_members',
  'audit.read': 'manage_members',
  'permissions.read_others': 'manage_members',
  'group_accounts.manage': 'manage_settings',
};

/** What one person holds on one resource: every grant, direct and through groups. */
export interface Access {
  userId: string;
  grants: readonly Grant[];
}

/** The one authorization decision of the API. Routes ask it; nothing else decides. */
export function can(access: Access, action: Action): boolean {
  return capabilitiesOf(access.grants).includes(REQUIRED_CAPABILITY[action]);
}
