import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import type { GroupAccount } from '../../app/api/groups';
import type { Me } from '../../app/api/types';
import { changeRefusal, createGroupAccountsModel, createGroupForm } from '../../app/state/groups';
import { groupAccount } from './access-fixtures';
import { deferred, me, myResource } from './fixtures';

describe('create group form', () => {
  it('creates the group with the trimmed name', async () => {
    const create = vi.fn(async () => ({ id: 'g-9' }));
    const form = createGroupForm({ create });

    form.setName('  関東エリア ');
    const outcome = await form.submit();

    expect(outcome).toEqual({ kind: 'created', id: 'g-9' });
    expect(create).toHaveBeenCalledWith('関東エリア');
    expect(form.sending.value).toBe(true);
  });

  it('asks for a name before sending, and shows the error only after the first submit', async () => {
    const create = vi.fn(async () => ({ id: 'g-9' }));
    const form = createGroupForm({ create });
    expect(form.nameError.value).toBeNull();

    expect(await form.submit()).toEqual({ kind: 'invalid' });
    expect(form.nameError.value).toBe('required');
    form.setName('x'.repeat(101));
    expect(form.nameError.value).toBe('too-long');
    form.setName('ブランドA');
    expect(form.nameError.value).toBeNull();
    expect(create).not.toHaveBeenCalled();
  });

  it('shows the refusal, unlocks, and sends once while a request is in flight', async () => {
    const answer = deferred<{ id: string }>();
    const refusal = new ApiError(400, 'INVALID_INPUT', 'The request is not valid.', 'r1');
    const create = vi.fn(() => answer.promise);
    const form = createGroupForm({ create });
    form.setName('関東エリア');

    const first = form.submit();
    expect(await form.submit()).toEqual({ kind: 'refused' });
    answer.reject(refusal);
    expect(await first).toEqual({ kind: 'refused' });

    expect(create).toHaveBeenCalledTimes(1);
    expect(form.error.value).toBe(refusal);
    expect(form.sending.value).toBe(false);
    form.reset();
    expect(form.name.value).toBe('');
    expect(form.error.value).toBeNull();
  });
});

const shibuya = myResource({ id: 'a-1', name: '渋谷店' });
const shinjuku = myResource({ id: 'a-2', name: '新宿店', basicId: '@shinjuku' });
const viaGroupAdmin = myResource({
  id: 'a-3',
  name: '池袋店',
  source: 'group',
  grants: [{ role: 'admin', source: 'group', group: { id: 'g-2', name: '別グループ' } }],
});
const operatorOnly = myResource({
  id: 'a-4',
  name: '横浜店',
  role: 'operator',
  grants: [{ role: 'operator', source: 'direct' }],
});
const aGroup = myResource({ kind: 'group', id: 'g-1', name: '関東エリア', basicId: null });

function setup(
  inGroup: GroupAccount[] = [groupAccount()],
  mine: Me = me([shibuya, shinjuku, operatorOnly, aGroup]),
) {
  const deps = {
    accounts: vi.fn(async (_groupId: string) => inGroup),
    me: vi.fn(async () => mine),
    add: vi.fn(async (_groupId: string, _accountId: string) => {}),
    remove: vi.fn(async (_groupId: string, _accountId: string) => {}),
  };
  return { model: createGroupAccountsModel(deps), deps };
}

describe('group accounts model', () => {
  it('lists the accounts and offers only the accounts the user directly administers that are not in the group yet', async () => {
    const { model, deps } = setup(
      [groupAccount()],
      me([shibuya, shinjuku, viaGroupAdmin, operatorOnly, aGroup]),
    );

    const loading = model.load('g-1', true);
    expect(model.status.value).toBe('loading');
    await loading;

    expect(deps.accounts).toHaveBeenCalledWith('g-1');
    expect(model.accounts.value.map((account) => account.name)).toEqual(['渋谷店']);
    // 池袋店 is administered only through another group: rule 11 keeps it out of further groups.
    expect(model.candidates.value.map((account) => account.name)).toEqual(['新宿店']);
  });

  it('does not ask for the candidates when the user may not change the group', async () => {
    const { model, deps } = setup();
    await model.load('g-1', false);
    expect(deps.me).not.toHaveBeenCalled();
    expect(model.candidates.value).toEqual([]);
  });

  it('adds an account and reads the list again', async () => {
    const { model, deps } = setup();
    await model.load('g-1', true);
    deps.accounts.mockResolvedValueOnce([groupAccount(), groupAccount({ id: 'a-2', name: '新宿店' })]);

    const adding = model.add('a-2');
    expect(model.busy.value).toBe('a-2');
    expect(await adding).toBe(true);

    expect(deps.add).toHaveBeenCalledWith('g-1', 'a-2');
    expect(model.busy.value).toBeNull();
    expect(model.accounts.value).toHaveLength(2);
    expect(model.candidates.value).toEqual([]);
  });

  it('takes an account out of the group', async () => {
    const { model, deps } = setup();
    await model.load('g-1', true);
    deps.accounts.mockResolvedValueOnce([]);

    expect(await model.remove('a-1')).toBe(true);

    expect(deps.remove).toHaveBeenCalledWith('g-1', 'a-1');
    expect(model.accounts.value).toEqual([]);
    expect(model.candidates.value.map((account) => account.id)).toEqual(['a-1', 'a-2']);
  });

  it.each([
    {
      error: new ApiError(403, 'FORBIDDEN', 'Your role does not allow this.', 'r1'),
      refusal: 'not-admin-of-both',
    },
    { error: new ApiError(409, 'ALREADY_IN_GROUP', 'Already.', 'r1'), refusal: 'already-in-group' },
    { error: new ApiError(0, 'NETWORK', 'offline', null), refusal: 'other' },
  ])('keeps the list and explains a refused change ($refusal)', async ({ error, refusal }) => {
    const { model, deps } = setup();
    await model.load('g-1', true);
    deps.add.mockRejectedValueOnce(error);

    expect(await model.add('a-2')).toBe(false);

    expect(model.changeError.value).toEqual({ action: 'add', accountId: 'a-2', error });
    expect(changeRefusal(model.changeError.value?.error)).toBe(refusal);
    expect(model.busy.value).toBeNull();
    expect(model.accounts.value).toHaveLength(1);
    model.clearChangeError();
    expect(model.changeError.value).toBeNull();
  });

  it('makes one change at a time', async () => {
    const { model, deps } = setup();
    await model.load('g-1', true);
    const answer = deferred<void>();
    deps.add.mockReturnValueOnce(answer.promise);

    const first = model.add('a-2');
    expect(await model.remove('a-1')).toBe(false);
    answer.resolve();
    await first;

    expect(deps.remove).not.toHaveBeenCalled();
  });

  it('shows an error when the list cannot be read, and recovers on retry', async () => {
    const { model, deps } = setup();
    deps.accounts.mockRejectedValueOnce(new ApiError(500, 'INTERNAL', 'x', 'r2'));

    await model.load('g-1', true);
    expect(model.status.value).toBe('error');

    await model.load('g-1', true);
    expect(model.status.value).toBe('ready');
  });

  it("never shows another group's accounts, even when their answer comes late", async () => {
    const { model, deps } = setup();
    const slow = deferred<GroupAccount[]>();
    deps.accounts.mockReturnValueOnce(slow.promise);

    const first = model.load('g-1', false);
    const second = model.load('g-2', false);
    await second;
    slow.resolve([groupAccount({ name: '古い答え' })]);
    await first;

    expect(model.accounts.value.map((account) => account.name)).toEqual(['渋谷店']);
  });
});
