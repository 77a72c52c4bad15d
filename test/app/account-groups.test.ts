import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import type { AccountGroup } from '../../app/api/groups';
import { ta } from '../../app/i18n/access';
import { type AccountGroupsDeps, createAccountGroupsModel } from '../../app/state/account-groups';
import { accountGroup } from './access-fixtures';
import { deferred } from './fixtures';

const kanto = accountGroup();
// A co-admin's own group: the owner is no member of it, yet as a direct admin may take the account out.
const hidden = accountGroup({ id: 'g-9', name: '佐藤の店', people: 2 });

function setup(groups: AccountGroup[] = [kanto, hidden]) {
  const deps = {
    ofAccount: vi.fn<AccountGroupsDeps['ofAccount']>(async () => groups),
    remove: vi.fn<AccountGroupsDeps['remove']>(async () => {}),
  };
  return { model: createAccountGroupsModel(deps), deps };
}

describe('account groups model', () => {
  it('lists every group the account is in, with the people each brings', async () => {
    const { model, deps } = setup();

    const loading = model.load('a-1');
    expect(model.status.value).toBe('loading');
    await loading;

    expect(deps.ofAccount).toHaveBeenCalledWith('a-1');
    expect(model.status.value).toBe('ready');
    expect(model.groups.value.map((group) => [group.name, group.people])).toEqual([
      ['関東エリア', 3],
      ['佐藤の店', 2],
    ]);
    // The count is the group's members, some of whom may also be direct members of the account.
    expect(ta().accountGroups.people(kanto.people)).toBe('グループのメンバー 3人');
  });

  it('is empty when the account is in no group', async () => {
    const { model } = setup([]);
    await model.load('a-1');
    expect(model.status.value).toBe('ready');
    expect(model.groups.value).toEqual([]);
  });

  it('shows a failure to load, and loads again', async () => {
    const { model, deps } = setup();
    const failure = new ApiError(0, 'NETWORK', 'offline', null);
    deps.ofAccount.mockRejectedValueOnce(failure);

    await model.load('a-1');
    expect(model.status.value).toBe('error');
    expect(model.error.value).toBe(failure);

    await model.load('a-1');
    expect(model.status.value).toBe('ready');
  });

  it('takes the account out of a group, then reads the groups again', async () => {
    const { model, deps } = setup();
    await model.load('a-1');
    const reread = deferred<AccountGroup[]>();
    deps.ofAccount.mockReturnValueOnce(reread.promise);

    const removing = model.remove('g-9');
    expect(model.busy.value).toBe('g-9');
    await vi.waitFor(() => expect(deps.ofAccount).toHaveBeenCalledTimes(2));
    // Still busy until the list says what is true now.
    expect(model.busy.value).toBe('g-9');
    reread.resolve([kanto]);

    expect(await removing).toBe(true);
    expect(deps.remove).toHaveBeenCalledWith('g-9', 'a-1');
    expect(model.busy.value).toBeNull();
    expect(model.groups.value).toEqual([kanto]);
  });

  it('keeps a refusal with its group and shows the present list', async () => {
    const { model, deps } = setup();
    await model.load('a-1');
    const forbidden = new ApiError(403, 'FORBIDDEN', 'Your role does not allow this.', 'r-403');
    deps.remove.mockRejectedValueOnce(forbidden);

    expect(await model.remove('g-9')).toBe(false);

    expect(model.failure.value).toEqual({ groupId: 'g-9', error: forbidden });
    expect(model.busy.value).toBeNull();
    expect(deps.ofAccount).toHaveBeenCalledTimes(2);
    model.clearFailure();
    expect(model.failure.value).toBeNull();
  });

  it('takes out one group at a time', async () => {
    const { model, deps } = setup();
    await model.load('a-1');
    const answer = deferred<void>();
    deps.remove.mockReturnValueOnce(answer.promise);

    const first = model.remove('g-9');
    expect(await model.remove('g-1')).toBe(false);
    answer.resolve();
    await first;

    expect(deps.remove).toHaveBeenCalledExactlyOnceWith('g-9', 'a-1');
  });

  it("forgets one account's refusal on another account's page", async () => {
    const { model, deps } = setup();
    await model.load('a-1');
    deps.remove.mockRejectedValueOnce(new ApiError(403, 'FORBIDDEN', 'x', 'r1'));
    await model.remove('g-9');

    await model.load('a-2');

    expect(model.failure.value).toBeNull();
    expect(deps.ofAccount).toHaveBeenLastCalledWith('a-2');
  });
});
