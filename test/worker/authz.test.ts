import { describe, expect, it } from 'vitest';
import { type Action, can } from '../../worker/authz/can';
import { capabilitiesOf, effectiveRole, type Grant, type Role } from '../../worker/authz/roles';

const direct = (role: Role): Grant => ({ role, source: 'direct' });
const viaGroup = (role: Role): Grant => ({ role, source: 'group', group: { id: 'g1', name: 'グループ' } });

// The permission matrix of SPEC §3, row by row, as the product states it.
const matrix: Array<[Role, Record<string, boolean>]> = [
  [
    'admin',
    {
      manage_members: true,
      manage_settings: true,
      broadcast: true,
      edit_messages: true,
      view_stats: true,
      chat: true,
      view_own_access: true,
    },
  ],
  [
    'operator',
    {
      manage_members: false,
      manage_settings: false,
      broadcast: true,
      edit_messages: true,
      view_stats: true,
      chat: true,
      view_own_access: true,
    },
  ],
  [
    'operator_no_broadcast',
    {
      manage_members: false,
      manage_settings: false,
      broadcast: false,
      edit_messages: true,
      view_stats: true,
      chat: true,
      view_own_access: true,
    },
  ],
  [
    'operator_no_stats',
    {
      manage_members: false,
      manage_settings: false,
      broadcast: true,
      edit_messages: true,
      view_stats: false,
      chat: true,
      view_own_access: true,
    },
  ],
];

describe('roles and capabilities (SPEC §3)', () => {
  it.each(matrix)('%s holds exactly its row of the matrix', (role, row) => {
    const held = capabilitiesOf([direct(role)]);
    for (const [capability, expected] of Object.entries(row)) {
      expect(held.includes(capability as never), capability).toBe(expected);
    }
  });

  it.each([
    [[direct('operator_no_broadcast'), viaGroup('operator_no_stats')], 'operator'],
    [[direct('operator'), viaGroup('admin')], 'admin'],
    [[viaGroup('operator_no_stats')], 'operator_no_stats'],
    [[direct('operator_no_stats'), viaGroup('operator')], 'operator'],
    [[], null],
  ] as Array<[Grant[], Role | null]>)('the union of %j is %s', (grants, role) => {
    expect(effectiveRole(grants)).toBe(role);
  });
});

// Every action × every role, direct and via a group: the one decision point of the API.
const allowedForAdminOnly: Action[] = [
  'resource.update',
  'members.read_all',
  'members.manage',
  'invites.manage',
  'requests.decide',
  'audit.read',
  'permissions.read_others',
  'group_accounts.manage',
];
const roles: Role[] = ['admin', 'operator', 'operator_no_broadcast', 'operator_no_stats'];
const table: Array<[Action, Role, 'direct' | 'group', boolean]> = roles.flatMap((role) =>
  (['direct', 'group'] as const).flatMap((source) => [
    ['resource.read', role, source, true] as [Action, Role, 'direct' | 'group', boolean],
    ...allowedForAdminOnly.map(
      (action) => [action, role, source, role === 'admin'] as [Action, Role, 'direct' | 'group', boolean],
    ),
  ]),
);

describe('can(actor, action, resource)', () => {
  it.each(table)('%s by %s (%s) → %s', (action, role, source, allowed) => {
    const grant = source === 'direct' ? direct(role) : viaGroup(role);
    expect(can({ userId: 'U1', grants: [grant] }, action)).toBe(allowed);
  });

  it('allows nothing to someone without a grant', () => {
    for (const [action] of table) {
      expect(can({ userId: 'U1', grants: [] }, action)).toBe(false);
    }
  });
});
