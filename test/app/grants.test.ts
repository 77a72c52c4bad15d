import { describe, expect, it } from 'vitest';
import type { Capability } from '../../app/api/types';
import {
  type AnyGrant,
  adminOnlyThroughGroup,
  directRole,
  groupGrants,
  openableGroups,
} from '../../app/state/grants';

const kanto = { id: 'g-1', name: '関東エリア' };
const manage: Capability[] = ['manage_members', 'manage_settings', 'chat'];
const direct = (role: AnyGrant['role']): AnyGrant => ({ role, source: 'direct' });
const via = (role: AnyGrant['role']): AnyGrant => ({ role, source: 'group', group: kanto });

describe('grants', () => {
  it('finds the direct grant among the grants through groups', () => {
    expect(directRole([via('admin'), direct('operator')])).toBe('operator');
    expect(directRole([via('admin')])).toBeNull();
    expect(groupGrants([via('admin'), direct('operator')])).toEqual([via('admin')]);
  });

  // SPEC rule 11, as the screens decide what not to offer.
  it.each([
    { who: 'a direct admin', grants: [direct('admin')], capabilities: manage, only: false },
    {
      who: 'a direct admin also admin through a group',
      grants: [direct('admin'), via('admin')],
      capabilities: manage,
      only: false,
    },
    { who: 'an admin through a group only', grants: [via('admin')], capabilities: manage, only: true },
    {
      who: 'a direct operator who is admin through a group',
      grants: [direct('operator'), via('admin')],
      capabilities: manage,
      only: true,
    },
    {
      who: 'an operator',
      grants: [direct('operator')],
      capabilities: ['chat'] satisfies Capability[],
      only: false,
    },
  ])('$who manages through a group only: $only', ({ grants, capabilities, only }) => {
    expect(adminOnlyThroughGroup({ capabilities, grants })).toBe(only);
  });
});

describe('which groups the user can open from an account’s page', () => {
  it('is the groups of their own grants there: a member of a group holding the account reaches it through it', () => {
    const own: AnyGrant[] = [
      { role: 'operator', source: 'direct' },
      { role: 'admin', source: 'group', group: { id: 'g-1', name: '首都圏' } },
      { role: 'operator_no_stats', source: 'group', group: { id: 'g-2', name: '関西' } },
    ];
    expect([...openableGroups(own)]).toEqual(['g-1', 'g-2']);
    expect(openableGroups([{ role: 'admin', source: 'direct' }]).size).toBe(0);
  });
});
