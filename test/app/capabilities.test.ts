import { describe, expect, it } from 'vitest';
import { capabilitiesLost, groupRoleGrants } from '../../app/state/capabilities';

describe('what a group role really grants (issue 14)', () => {
  it('never lists chat or 配信 on the group itself: those come with the account role on each account', () => {
    const admin = groupRoleGrants('admin');
    expect(admin.group).toEqual([
      'manage_group_members',
      'manage_group_accounts',
      'read_group_history',
      'view_group',
    ]);
    expect(admin.accountRole).toBe('admin');
    expect(admin.accounts).toContain('chat');
    const noBroadcast = groupRoleGrants('operator_no_broadcast');
    expect(noBroadcast.group).toEqual(['view_group']);
    expect(noBroadcast.accounts).toEqual(['edit_messages', 'view_stats', 'chat', 'view_own_access']);
    expect(groupRoleGrants('operator_no_stats').accounts).not.toContain('view_stats');
  });

  it('still tells what a change of roles takes away', () => {
    expect(capabilitiesLost(['operator'], ['operator_no_broadcast'])).toEqual(['broadcast']);
  });
});
