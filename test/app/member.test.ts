import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import type { MemberList, ResourceDetail, ResourceKind, Role } from '../../app/api/types';
import { capabilitiesLost } from '../../app/state/capabilities';
import { createMemberModel, type MemberDeps } from '../../app/state/member';
import { deferred, detail, member, memberList, owner, throughGroup } from './fixtures';

const shutoken = { id: 'g-1', name: '首都圏' };
const sato = member({
  userId: 'Usato',
  displayName: '佐藤 健',
  role: 'operator',
  grants: [{ role: 'operator', source: 'direct' }],
});
// One entry per person: the direct grant and the group's, under the combined role.
const satoWithGroup = member({
  ...sato,
  grants: [{ role: 'operator', source: 'direct' }, throughGroup('operator_no_stats', shutoken)],
});
const satoGroupOnly = member({
  ...sato,
  role: 'operator_no_stats',
  grants: [throughGroup('operator_no_stats', shutoken)],
});
/** The signed-in user's detail when their admin role comes only through a group (SPEC rule 11). */
const adminThroughGroup = detail({
  source: 'group',
  grants: [{ role: 'admin', source: 'group', group: shutoken }],
});

function setup(list: MemberList = memberList([member(), sato], 1), overrides: Partial<MemberDeps> = {}) {
  const deps = {
    detail: vi.fn<MemberDeps['detail']>(async () => detail()),
    members: vi.fn<MemberDeps['members']>(async () => list),
    changeRole: vi.fn<MemberDeps['changeRole']>(async (_kind, _id, userId, role) => ({
      ...sato,
      userId,
      role,
    })),
    remove: vi.fn<MemberDeps['remove']>(async () => {}),
    ...overrides,
  };
  return { model: createMemberModel(deps), deps };
}

const target = (userId: string, selfId: string | null = owner.id) => ({
  kind: 'account' as const,
  id: 'a-1',
  userId,
  selfId,
});

const lastAdmin = () => new ApiError(409, 'LAST_ADMIN', 'An account must keep at least one admin.', 'r-409');

describe('capabilities lost', () => {
  it('names what a demotion takes away, in the order of the matrix', () => {
    expect(capabilitiesLost(['admin'], ['operator'])).toEqual(['manage_members', 'manage_settings']);
    expect(capabilitiesLost(['operator'], ['operator_no_broadcast'])).toEqual(['broadcast']);
    expect(capabilitiesLost(['operator_no_broadcast'], ['admin'])).toEqual([]);
  });

  it('keeps what a group still grants', () => {
    expect(capabilitiesLost(['operator', 'operator_no_stats'], ['operator_no_stats'])).toEqual([
      'view_stats',
    ]);
    expect(capabilitiesLost(['operator_no_stats'], [])).toEqual([
      'broadcast',
      'edit_messages',
      'chat',
      'view_own_access',
    ]);
  });
});

describe('member model', () => {
  it('loads one person: the direct grant and the grants through groups', async () => {
    const { model, deps } = setup(memberList([member(), satoWithGroup], 1));

    const loading = model.load(target('Usato'));
    expect(model.status.value).toBe('loading');
    await loading;

    expect(deps.detail).toHaveBeenCalledWith('account', 'a-1');
    expect(model.status.value).toBe('ready');
    expect(model.person.value).toEqual(satoWithGroup);
    expect(model.directRole.value).toBe('operator');
    expect(model.viaGroups.value).toEqual([throughGroup('operator_no_stats', shutoken)]);
    expect(model.isSelf.value).toBe(false);
    expect(model.canManage.value).toBe(true);
    expect(model.chosen.value).toBe('operator');
  });

  it('shows a person with access only through a group, without a direct membership to change', async () => {
    const { model } = setup(memberList([member(), satoGroupOnly], 1));
    await model.load(target('Usato'));
    expect(model.status.value).toBe('ready');
    expect(model.directRole.value).toBeNull();
    expect(model.person.value).toEqual(satoGroupOnly);
    expect(model.chosen.value).toBeNull();
  });

  it('acts on the direct grant when the combined role comes from a group', async () => {
    // 管理者 through the group, 運用担当者 directly: the picker starts from the direct role.
    const both = member({
      ...sato,
      role: 'admin',
      grants: [{ role: 'operator', source: 'direct' }, throughGroup('admin', shutoken)],
    });
    const { model } = setup(memberList([member(), both], 1));
    await model.load(target('Usato'));
    expect(model.person.value?.role).toBe('admin');
    expect(model.directRole.value).toBe('operator');
    expect(model.chosen.value).toBe('operator');
    expect(model.isLastAdmin.value).toBe(false);
    // Removing the direct grant takes nothing away: the group's 管理者 covers it all.
    expect(model.lossOnRemove.value).toEqual([]);
  });

  it.each([
    {
      who: 'a direct admin',
      grants: [{ role: 'admin' as const, source: 'direct' as const }],
      protects: true,
    },
    {
      who: 'a direct operator',
      grants: [{ role: 'operator' as const, source: 'direct' as const }],
      protects: false,
    },
  ])('keeps an admin through a group from acting on $who (rule 11)', async ({ grants, protects }) => {
    const person = member({ ...sato, role: grants[0]?.role ?? 'operator', grants });
    const { model } = setup(memberList([member(), person], 2), { detail: async () => adminThroughGroup });
    await model.load(target('Usato'));
    expect(model.canManage.value).toBe(true);
    expect(model.managesThroughGroupOnly.value).toBe(true);
    expect(model.protectedAdmin.value).toBe(protects);
  });

  it('lets a direct admin act on another direct admin', async () => {
    const { model } = setup(
      memberList(
        [member(), member({ ...sato, role: 'admin', grants: [{ role: 'admin', source: 'direct' }] })],
        2,
      ),
    );
    await model.load(target('Usato'));
    expect(model.managesThroughGroupOnly.value).toBe(false);
    expect(model.protectedAdmin.value).toBe(false);
  });

  it.each([
    { why: 'someone without access', list: memberList([member()], 1), error: null },
    { why: 'a 404', list: memberList(), error: new ApiError(404, 'NOT_FOUND', 'Not found.', 'r1') },
  ])('is not found for $why', async ({ list, error }) => {
    const { model } = setup(list, error ? { detail: async () => Promise.reject(error) } : {});
    await model.load(target('Unobody'));
    expect(model.status.value).toBe('not-found');
  });

  it.each<{ role: Role; adminCount: number; last: boolean }>([
    { role: 'admin', adminCount: 1, last: true },
    { role: 'admin', adminCount: 2, last: false },
    { role: 'operator', adminCount: 1, last: false },
  ])('flags the only admin ($role, $adminCount admins)', async ({ role, adminCount, last }) => {
    const person = member({ ...sato, role, grants: [{ role, source: 'direct' }] });
    const { model } = setup(memberList([member(), person], adminCount));
    await model.load(target('Usato'));
    expect(model.isLastAdmin.value).toBe(last);
    expect(model.singleAdmin.value).toBe(adminCount === 1);
  });

  it('says what a role change and a removal take away, keeping the group grants', async () => {
    const { model } = setup(memberList([member(), satoWithGroup], 1));
    await model.load(target('Usato'));

    // 配信 stays through the group (運用担当者(分析の閲覧権限なし)) and 分析 with the new role: nothing goes.
    model.choose('operator_no_broadcast');
    expect(model.lossOnChange.value).toEqual([]);
    // Removed, only what the group grants stays: 分析 goes.
    expect(model.lossOnRemove.value).toEqual(['view_stats']);
  });

  it('changes the role, then shows the refreshed list without flashing the old role', async () => {
    const refreshed = deferred<MemberList>();
    const members = vi
      .fn<MemberDeps['members']>()
      .mockResolvedValueOnce(memberList([member(), sato], 1))
      .mockReturnValueOnce(refreshed.promise);
    const { model, deps } = setup(undefined, { members });
    await model.load(target('Usato'));

    model.choose('admin');
    const saving = model.saveRole();
    expect(model.sending.value).toBe('role');
    await vi.waitFor(() => expect(members).toHaveBeenCalledTimes(2));
    expect(model.sending.value).toBe('role');
    expect(model.chosen.value).toBe('admin');
    refreshed.resolve(
      memberList([member(), { ...sato, role: 'admin', grants: [{ role: 'admin', source: 'direct' }] }], 2),
    );
    await expect(saving).resolves.toBe('done');

    expect(deps.changeRole).toHaveBeenCalledWith('account', 'a-1', 'Usato', 'admin');
    expect(model.sending.value).toBeNull();
    expect(model.changed.value).toBe(true);
    expect(model.directRole.value).toBe('admin');
    expect(model.chosen.value).toBe('admin');
    expect(model.singleAdmin.value).toBe(false);
  });

  it('does not send an unchanged role', async () => {
    const { model, deps } = setup();
    await model.load(target('Usato'));
    await expect(model.saveRole()).resolves.toBe('refused');
    expect(deps.changeRole).not.toHaveBeenCalled();
  });

  it('reports LAST_ADMIN apart from other refusals, and shows the present state again', async () => {
    const me = member({ role: 'admin' });
    const { model, deps } = setup(memberList([me, sato], 2), {
      changeRole: async () => Promise.reject(lastAdmin()),
    });
    await model.load(target(owner.id));
    expect(model.isSelf.value).toBe(true);

    model.choose('operator');
    await expect(model.saveRole()).resolves.toBe('last-admin');

    expect(model.lastAdminRefusal.value).toBe('role');
    expect(model.actionError.value).toBeNull();
    expect(model.changed.value).toBe(false);
    expect(deps.members).toHaveBeenCalledTimes(2);
  });

  it('keeps other refusals with the action they belong to', async () => {
    const failure = new ApiError(403, 'FORBIDDEN', 'Only admins.', 'r-403');
    const { model } = setup(undefined, { remove: async () => Promise.reject(failure) });
    await model.load(target('Usato'));

    await expect(model.remove()).resolves.toBe('refused');

    expect(model.actionError.value).toEqual({ action: 'remove', error: failure });
    expect(model.lastAdminRefusal.value).toBeNull();
  });

  it('removes a member once, however often the button is pressed', async () => {
    const answer = deferred<void>();
    const remove = vi.fn<MemberDeps['remove']>(() => answer.promise);
    const { model } = setup(undefined, { remove });
    await model.load(target('Usato'));

    const first = model.remove();
    await expect(model.remove()).resolves.toBe('refused');
    answer.resolve();

    await expect(first).resolves.toBe('done');
    expect(remove).toHaveBeenCalledExactlyOnceWith('account', 'a-1', 'Usato');
  });

  it("forgets one person's choice and refusal on another person's page", async () => {
    const suzuki = member({
      userId: 'Usuzuki',
      displayName: '鈴木 美咲',
      role: 'operator_no_broadcast',
      grants: [{ role: 'operator_no_broadcast', source: 'direct' }],
    });
    const { model } = setup(memberList([member(), sato, suzuki], 1), {
      remove: async () => Promise.reject(lastAdmin()),
    });
    await model.load(target('Usato'));
    model.choose('admin');
    await model.remove();

    await model.load(target('Usuzuki'));

    expect(model.chosen.value).toBe('operator_no_broadcast');
    expect(model.lastAdminRefusal.value).toBeNull();
  });

  it.each<ResourceKind>(['account', 'group'])('sends to the %s routes', async (kind) => {
    const { model, deps } = setup();
    await model.load({ ...target('Usato'), kind });
    await model.remove();
    expect(deps.remove).toHaveBeenCalledWith(kind, 'a-1', 'Usato');
  });

  it('lets a non-admin see only that they cannot manage', async () => {
    const { model } = setup(undefined, {
      detail: async (): Promise<ResourceDetail> =>
        detail({ role: 'operator', capabilities: ['broadcast', 'chat', 'view_own_access'] }),
    });
    await model.load(target(owner.id));
    expect(model.canManage.value).toBe(false);
    expect(model.isSelf.value).toBe(true);
  });
});
