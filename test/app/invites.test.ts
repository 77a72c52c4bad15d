import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import type { OpenInvites } from '../../app/api/invites';
import type { ResourceKind } from '../../app/api/types';
import { createInvitesModel, type InvitesDeps, timeLeft } from '../../app/state/invites';
import { deferred } from './fixtures';
import { endedInvite, issued, joinRequest, openInvite, openInvites } from './invite-fixtures';

function setup(overrides: Partial<InvitesDeps> = {}) {
  const deps = {
    list: vi.fn<(kind: ResourceKind, id: string) => Promise<OpenInvites>>(async () =>
      openInvites([openInvite(), openInvite({ id: 'i-2', role: 'admin' })], [joinRequest()]),
    ),
    revoke: vi.fn(async (_inviteId: string) => {}),
    reissue: vi.fn(async (_inviteId: string) => ({
      ...issued({ id: 'i-new' }),
      replaced: { id: 'i-old', status: 'expired' as const },
    })),
    approve: vi.fn(async (_requestId: string) => ({})),
    reject: vi.fn(async (_requestId: string) => {}),
    setRequireApproval: vi.fn(async (_kind: ResourceKind, _id: string, value: boolean) => value),
    ...overrides,
  };
  return { model: createInvitesModel(deps), deps };
}

describe('invites model (pending invites, join requests, approval setting)', () => {
  it('loads the pending invites and join requests of a resource', async () => {
    const { model, deps } = setup();
    const loading = model.load('account', 'a-1', true);
    expect(model.status.value).toBe('loading');
    await loading;

    expect(deps.list).toHaveBeenCalledWith('account', 'a-1');
    expect(model.invites.value.map((invite) => invite.id)).toEqual(['i-1', 'i-2']);
    expect(model.requests.value.map((request) => request.user.displayName)).toEqual(['佐藤 次郎']);
    expect(model.requireApproval.value).toBe(true);
  });

  it('revokes an invite: busy while in flight, then gone from the list', async () => {
    const slow = deferred<void>();
    const { model, deps } = setup({ revoke: vi.fn(() => slow.promise) });
    await model.load('account', 'a-1', false);

    const revoking = model.revoke('i-1');
    expect(model.busy.value.has('i-1')).toBe(true);
    expect(await model.revoke('i-1')).toBe(false);
    slow.resolve();
    expect(await revoking).toBe(true);

    expect(deps.revoke).toHaveBeenCalledTimes(1);
    expect(model.busy.value.size).toBe(0);
    expect(model.invites.value.map((invite) => invite.id)).toEqual(['i-2']);
  });

  it.each(['approve', 'reject'] as const)(
    '%ss a join request, which then leaves the list',
    async (action) => {
      const { model, deps } = setup();
      await model.load('group', 'g-1', true);

      expect(await model[action]('r-1')).toBe(true);
      expect(deps[action]).toHaveBeenCalledWith('r-1');
      expect(model.requests.value).toEqual([]);
    },
  );

  it('says which row failed and refreshes the lists, since someone else may have decided it', async () => {
    const decided = new ApiError(409, 'REQUEST_NOT_PENDING', 'The join request was already decided.', 'r1');
    const list = vi
      .fn<InvitesDeps['list']>()
      .mockResolvedValueOnce(openInvites([], [joinRequest()]))
      .mockResolvedValueOnce(openInvites([], []));
    const { model } = setup({ list, approve: vi.fn().mockRejectedValue(decided) });
    await model.load('account', 'a-1', true);

    expect(await model.approve('r-1')).toBe(false);
    expect(model.failure.value).toEqual({ id: 'r-1', error: decided });
    await vi.waitFor(() => expect(list).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(model.requests.value).toEqual([]));
  });

  it('reports a failed load, and recovers on retry', async () => {
    const list = vi
      .fn<InvitesDeps['list']>()
      .mockRejectedValueOnce(new ApiError(0, 'NETWORK', 'offline', null))
      .mockResolvedValueOnce(openInvites());
    const { model } = setup({ list });
    await model.load('account', 'a-1', false);
    expect(model.status.value).toBe('error');
    await model.load('account', 'a-1', false);
    expect(model.status.value).toBe('ready');
  });

  it('turns "approval required" on, showing the new value at once and the stored one at the end', async () => {
    const slow = deferred<boolean>();
    const { model, deps } = setup({ setRequireApproval: vi.fn(() => slow.promise) });
    await model.load('account', 'a-1', false);

    const saving = model.setRequireApproval(true);
    expect(model.requireApproval.value).toBe(true);
    expect(model.savingApproval.value).toBe(true);
    slow.resolve(true);
    await saving;

    expect(deps.setRequireApproval).toHaveBeenCalledWith('account', 'a-1', true);
    expect(model.savingApproval.value).toBe(false);
    expect(model.requireApproval.value).toBe(true);
  });

  it('puts the setting back when the server refuses the change', async () => {
    const forbidden = new ApiError(403, 'FORBIDDEN', 'Your role does not allow this.', 'r1');
    const { model } = setup({ setRequireApproval: vi.fn().mockRejectedValue(forbidden) });
    await model.load('account', 'a-1', false);

    await model.setRequireApproval(true);
    expect(model.requireApproval.value).toBe(false);
    expect(model.approvalError.value).toBe(forbidden);
  });

  it("does not carry one resource's rows or failures to another", async () => {
    const { model } = setup({ revoke: vi.fn().mockRejectedValue(new Error('boom')) });
    await model.load('account', 'a-1', false);
    await model.revoke('i-1');
    expect(model.failure.value?.id).toBe('i-1');

    const other = model.load('account', 'a-2', true);
    expect(model.failure.value).toBeNull();
    expect(model.invites.value).toEqual([]);
    await other;
    expect(model.requireApproval.value).toBe(true);
  });
});

describe('timeLeft', () => {
  const expiresAt = '2026-03-02T09:00:00.000Z';
  const at = (iso: string) => Date.parse(iso);

  it.each([
    { now: '2026-03-01T09:00:00.000Z', left: { hours: 24, minutes: 0 } },
    { now: '2026-03-01T09:00:01.000Z', left: { hours: 23, minutes: 0 } },
    { now: '2026-03-02T07:59:59.000Z', left: { hours: 1, minutes: 0 } },
    { now: '2026-03-02T08:00:01.000Z', left: { hours: 0, minutes: 59 } },
    { now: '2026-03-02T08:59:01.000Z', left: { hours: 0, minutes: 1 } },
    { now: '2026-03-02T08:59:59.000Z', left: { hours: 0, minutes: 1 } },
    { now: '2026-03-02T09:00:00.000Z', left: null },
    { now: '2026-03-03T00:00:00.000Z', left: null },
  ])('at $now: $left', ({ now, left }) => {
    expect(timeLeft(expiresAt, at(now))).toEqual(left);
  });
});

describe('invites an admin can act on (issue 14)', () => {
  it('lists invites that ended unused, and 再発行 shows the new link once, then reloads the lists', async () => {
    const lists = [
      openInvites([], [], [endedInvite()]),
      openInvites([openInvite({ id: 'i-new', memo: '新宿店の田中さん' })], [], []),
    ];
    const { model, deps } = setup({ list: vi.fn(async () => lists.shift() ?? openInvites()) });
    await model.load('account', 'a-1', false);
    expect(model.ended.value.map((invite) => [invite.id, invite.memo])).toEqual([
      ['i-old', '新宿店の田中さん'],
    ]);

    const done = model.reissue('i-old');
    expect(model.busy.value.has('i-old')).toBe(true);
    expect(await done).toBe(true);
    expect(deps.reissue).toHaveBeenCalledWith('i-old');
    expect(model.reissued.value?.invite.id).toBe('i-new');
    expect(model.ended.value).toEqual([]);
    await vi.waitFor(() => expect(model.invites.value.map((invite) => invite.id)).toEqual(['i-new']));
    model.dismissReissued();
    expect(model.reissued.value).toBeNull();
  });

  it('says why a 再発行 was refused on its row, and shows no link', async () => {
    const { model } = setup({
      list: vi.fn(async () => openInvites([], [], [endedInvite()])),
      reissue: vi.fn(async () => {
        throw new ApiError(409, 'INVITE_NOT_PENDING', 'gone', 'req-1');
      }),
    });
    await model.load('account', 'a-1', false);
    expect(await model.reissue('i-old')).toBe(false);
    expect(model.failure.value?.id).toBe('i-old');
    expect(model.reissued.value).toBeNull();
  });
});
