import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import type { OpenInvites as InviteList, IssuedInvite } from '../../app/api/invites';
import type { MemberList } from '../../app/api/types';
import { createHandoverModel, type HandoverDeps } from '../../app/state/handover';
import { createLeaveModel } from '../../app/state/leave';
import { deferred, detail, member, memberList, owner, throughGroup } from './fixtures';

const successor = member({
  userId: 'Usato',
  displayName: '佐藤 健',
  role: 'admin',
  since: '2026-02-01T00:00:00.000Z',
});
const noInvites: InviteList = { invites: [], requests: [], ended: [] };

function issued(id = 'i-1'): IssuedInvite {
  return {
    invite: {
      id,
      role: 'admin',
      status: 'pending',
      createdAt: '2026-02-01T00:00:00.000Z',
      expiresAt: '2026-02-02T00:00:00.000Z',
      memo: null,
    },
    token: 't'.repeat(43),
    url: `https://kengen.test/invite?token=${'t'.repeat(43)}`,
  };
}

function pendingList(id = 'i-1'): InviteList {
  const { invite } = issued(id);
  return {
    invites: [{ ...invite, createdBy: { userId: owner.id, displayName: owner.displayName } }],
    requests: [],
    ended: [],
  };
}

/** A server whose answers the test changes as the handover goes on. */
function setup(overrides: Partial<HandoverDeps> = {}) {
  const state = { members: memberList([member()], 1), invites: noInvites };
  const deps = {
    detail: vi.fn<HandoverDeps['detail']>(async () => detail({ adminCount: 1 })),
    members: vi.fn<HandoverDeps['members']>(async (): Promise<MemberList> => state.members),
    invites: vi.fn<HandoverDeps['invites']>(async () => state.invites),
    issueInvite: vi.fn<HandoverDeps['issueInvite']>(async () => {
      state.invites = pendingList();
      return issued();
    }),
    leave: vi.fn<HandoverDeps['leave']>(async () => {}),
    ...overrides,
  };
  return { model: createHandoverModel(deps), deps, state };
}

describe('handover model: invite the successor, wait for them, then leave', () => {
  it('walks the three steps in the safe order', async () => {
    const { model, deps, state } = setup();
    await model.load('account', 'a-1', owner.id);
    expect(model.status.value).toBe('ready');
    expect(model.canManage.value).toBe(true);
    expect(model.step.value).toBe(1);

    // ① an admin invite, shown once with its link
    await expect(model.invite()).resolves.toBe(true);
    expect(deps.issueInvite).toHaveBeenCalledWith('account', 'a-1', 'admin');
    expect(model.issued.value?.url).toContain('/invite?token=');
    expect(model.issuedStatus.value).toBe('pending');
    expect(model.pendingInvites.value.map((invite) => invite.id)).toEqual(['i-1']);
    expect(model.step.value).toBe(2);

    // ② still 未承認 on a refresh, then 承認済み once they accepted
    await model.refresh();
    expect(model.step.value).toBe(2);
    state.invites = noInvites;
    state.members = memberList([member(), successor], 2);
    await model.refresh();
    expect(model.issuedStatus.value).toBe('accepted');
    expect(model.successors.value).toEqual([successor]);
    expect(model.step.value).toBe(3);

    // ③ leave
    await expect(model.leaving.leave('account', 'a-1')).resolves.toBe('left');
    expect(deps.leave).toHaveBeenCalledWith('account', 'a-1');
  });

  it('reads the invites before the members, so an accepted invite never looks lost', async () => {
    const order: string[] = [];
    const { model } = setup({
      invites: async () => {
        order.push('invites');
        return noInvites;
      },
      members: async () => {
        order.push('members');
        return memberList([member()], 1);
      },
    });
    await model.load('account', 'a-1', owner.id);
    expect(order).toEqual(['invites', 'members']);
  });

  it('opens step ③ at once when there is already another admin', async () => {
    const { model, state } = setup();
    state.members = memberList([member(), successor], 2);
    await model.load('account', 'a-1', owner.id);
    expect(model.step.value).toBe(3);
  });

  it('does not count the caller, nor admins through groups, as successors', async () => {
    const { model, state } = setup();
    state.members = memberList(
      [member(), { ...successor, grants: [throughGroup('admin', { id: 'g-1', name: '首都圏' })] }],
      1,
    );
    await model.load('account', 'a-1', owner.id);
    expect(model.successors.value).toEqual([]);
    expect(model.step.value).toBe(1);
  });

  it('waits on a join request when the account requires approval', async () => {
    const { model, state } = setup({
      issueInvite: async () => {
        state.invites = {
          invites: [],
          ended: [],
          requests: [
            {
              id: 'q-1',
              inviteId: 'i-1',
              role: 'admin',
              createdAt: '2026-02-01T00:00:00.000Z',
              user: { userId: 'Usato', displayName: '佐藤 健', pictureUrl: null },
            },
          ],
        };
        return issued();
      },
    });
    await model.load('account', 'a-1', owner.id);
    await model.invite();
    expect(model.issuedStatus.value).toBe('awaiting-approval');
    expect(model.step.value).toBe(2);
  });

  it('says so when the invite was used up without a new admin (declined, expired, revoked)', async () => {
    const { model, state } = setup();
    await model.load('account', 'a-1', owner.id);
    await model.invite();
    state.invites = noInvites;
    await model.refresh();
    expect(model.issuedStatus.value).toBe('gone');
    expect(model.step.value).toBe(1);
  });

  it('reports a refused invite (the member limit, say)', async () => {
    const failure = new ApiError(409, 'MEMBER_LIMIT', 'Full.', 'r-409');
    const { model } = setup({ issueInvite: async () => Promise.reject(failure) });
    await model.load('account', 'a-1', owner.id);
    await expect(model.invite()).resolves.toBe(false);
    expect(model.issueError.value).toBe(failure);
    expect(model.issuing.value).toBe(false);
    expect(model.step.value).toBe(1);
  });

  it('keeps the page on screen while it polls', async () => {
    const answer = deferred<MemberList>();
    const members = vi
      .fn<HandoverDeps['members']>()
      .mockResolvedValueOnce(memberList([member()], 1))
      .mockReturnValueOnce(answer.promise);
    const { model } = setup({ members });
    await model.load('account', 'a-1', owner.id);

    const refreshing = model.refresh();
    await Promise.resolve();
    expect(model.refreshing.value).toBe(true);
    expect(model.status.value).toBe('ready');
    // A second poll while the first is on its way does not ask again.
    await model.refresh();
    answer.resolve(memberList([member(), successor], 2));
    await refreshing;
    expect(model.refreshing.value).toBe(false);
    expect(members).toHaveBeenCalledTimes(2);
    expect(model.step.value).toBe(3);
  });

  it('shows non-admins the page without invites (they only need to leave)', async () => {
    const { model } = setup({
      detail: async () =>
        detail({ role: 'operator', capabilities: ['broadcast', 'chat', 'view_own_access'] }),
      invites: async () => Promise.reject(new ApiError(403, 'FORBIDDEN', 'Only admins.', 'r-403')),
    });
    await model.load('account', 'a-1', owner.id);
    expect(model.status.value).toBe('ready');
    expect(model.canManage.value).toBe(false);
    expect(model.isDirect.value).toBe(true);
  });

  it('forgets the link of one account on another account', async () => {
    const { model } = setup();
    await model.load('account', 'a-1', owner.id);
    await model.invite();
    await model.load('account', 'a-2', owner.id);
    expect(model.issued.value).toBeNull();
  });
});

describe('leave model', () => {
  it('leaves, or says that the last admin may not', async () => {
    const leave = vi
      .fn<HandoverDeps['leave']>()
      .mockRejectedValueOnce(new ApiError(409, 'LAST_ADMIN', 'Keep one admin.', 'r-409'))
      .mockResolvedValueOnce();
    const model = createLeaveModel({ leave });

    await expect(model.leave('group', 'g-1')).resolves.toBe('last-admin');
    expect(model.lastAdmin.value).toBe(true);
    expect(model.error.value).toBeNull();

    await expect(model.leave('group', 'g-1')).resolves.toBe('left');
    expect(model.lastAdmin.value).toBe(false);
    expect(leave).toHaveBeenCalledWith('group', 'g-1');
  });

  it('keeps other failures, sends once at a time, and forgets on reset', async () => {
    const failure = new ApiError(0, 'NETWORK', 'offline', null);
    const answer = deferred<void>();
    const leave = vi.fn<HandoverDeps['leave']>(() => answer.promise);
    const model = createLeaveModel({ leave });

    const first = model.leave('account', 'a-1');
    expect(model.sending.value).toBe(true);
    await expect(model.leave('account', 'a-1')).resolves.toBe('refused');
    answer.reject(failure);
    await expect(first).resolves.toBe('refused');

    expect(leave).toHaveBeenCalledTimes(1);
    expect(model.error.value).toBe(failure);
    model.reset();
    expect(model.error.value).toBeNull();
  });
});

describe('how the handover ends (issue 14)', () => {
  it('says what changes and what remains: successors, invites that end, access through a group', async () => {
    const kanto = { id: 'g-1', name: '関東エリア' };
    const mine = (id: string, role: 'admin' | 'operator') => ({
      ...issued(id).invite,
      role,
      createdBy: { userId: owner.id, displayName: owner.displayName },
    });
    const { model } = setup({
      detail: async () =>
        detail({
          grants: [
            { role: 'admin', source: 'direct' },
            { role: 'admin', source: 'group', group: kanto },
          ],
        }),
      invites: async () => ({
        invites: [mine('i-a', 'admin'), mine('i-o', 'operator')],
        requests: [],
        ended: [],
      }),
      members: async () => memberList([successor]),
    });
    await model.load('account', 'a-1', owner.id);
    const summary = model.summary.value;
    expect(summary?.successors).toEqual(['佐藤 健']);
    expect(summary?.keptThroughGroups).toEqual([{ group: kanto, role: 'admin' }]);
    // The admin invite dies with the direct membership; the operator invite stays live through the group.
    expect(summary?.invitesEnded).toBe(1);
    expect(summary?.invitesKept.map((invite) => invite.id)).toEqual(['i-o']);
    expect(model.finished.value).toBeNull();
    model.markLeft();
    expect(model.finished.value).toEqual(summary);
  });

  it('without a group, nothing remains and every invite of the caller ends', async () => {
    const { model } = setup({
      invites: async () => pendingList('i-1'),
      members: async () => memberList([successor]),
    });
    await model.load('account', 'a-1', owner.id);
    expect(model.summary.value).toMatchObject({ keptThroughGroups: [], invitesEnded: 1, invitesKept: [] });
  });
});
