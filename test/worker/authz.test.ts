import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action, can, rolesThatCan } from '../../worker/authz/can';
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

// Every action × every role, direct and via a group: the one decision point of the API, row by row.
const anyAdmin: Action[] = [
  'resource.update',
  'members.read_all',
  'members.manage',
  'invites.manage',
  'requests.decide',
  'audit.read',
  'notifications.read',
  'permissions.read_others',
  'group.accounts.add',
  'group.accounts.remove',
  'channel.manage',
];
// Rule 11: the account's direct admins are sovereign; an admin only through a group is refused these.
const directAdminOnly: Action[] = [
  'members.manage_admins',
  'invites.issue_admin',
  'requests.decide_admin',
  'account.groups.add',
  'account.groups.cut',
];
type Row = [Action, Role, 'direct' | 'group', boolean];
const roles: Role[] = ['admin', 'operator', 'operator_no_broadcast', 'operator_no_stats'];
const table: Row[] = roles.flatMap((role) =>
  (['direct', 'group'] as const).flatMap((source): Row[] => [
    ['resource.read', role, source, true],
    // SPEC §9: on a connected account the roles gate real work, through any grant.
    ['channel.test_send', role, source, true],
    ['channel.stats', role, source, role !== 'operator_no_stats'],
    ['channel.broadcast', role, source, role !== 'operator_no_broadcast'],
    ...anyAdmin.map((action): Row => [action, role, source, role === 'admin']),
    ...directAdminOnly.map((action): Row => [action, role, source, role === 'admin' && source === 'direct']),
  ]),
);

describe('can(actor, action, resource)', () => {
  it('has a row for every action', () => {
    expect(new Set(table.map(([action]) => action))).toEqual(new Set(ACTIONS));
  });

  it.each(table)('%s by %s (%s) → %s', (action, role, source, allowed) => {
    const grant = source === 'direct' ? direct(role) : viaGroup(role);
    expect(can({ userId: 'U1', grants: [grant] }, action)).toBe(allowed);
  });

  it('allows direct-only actions to a direct admin who also holds a group role', () => {
    for (const action of directAdminOnly) {
      expect(can({ userId: 'U1', grants: [viaGroup('admin'), direct('admin')] }, action)).toBe(true);
      expect(can({ userId: 'U1', grants: [viaGroup('admin'), direct('operator')] }, action)).toBe(false);
    }
  });

  it('allows nothing to someone without a grant', () => {
    for (const [action] of table) {
      expect(can({ userId: 'U1', grants: [] }, action)).toBe(false);
    }
  });
});

describe('rolesThatCan: the SQL side of the table', () => {
  it('names exactly the roles whose grant can()', () => {
    for (const action of ACTIONS) {
      const expected = roles.filter((role) => can({ userId: 'U1', grants: [direct(role)] }, action));
      expect(rolesThatCan(action), action).toEqual(expected);
    }
  });
});

describe('the SQL views that say who administers', () => {
  it('mean by admin what members.manage means: `admins` and `sight_paths` in the migrations write only admin', () => {
    // migrations/0002 (admins) and 0006 (sight_paths, sightings' triggers) spell the role as 'admin'.
    expect(rolesThatCan('members.manage')).toEqual(['admin']);
  });
});
