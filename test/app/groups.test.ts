import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import type { GroupAccount } from '../../app/api/groups';
import { changeRefusal, createGroupAccountsModel, createGroupForm } from '../../app/state/groups';
import { groupAccount } from './access-fixtures';
import { deferred, myResource, resourcePage } from './fixtures';

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
const ikebukuro = myResource({ id: 'a-3', name: '池袋店' });

function setup(inGroup: GroupAccount[] = [groupAccount()]) {
  const deps = {
    accounts: vi.fn(async (_groupId: string) => inGroup),
    candidates: vi.fn(async (_q: string, cursor: string | null) =>
      cursor === null ? resourcePage([shibuya, shinjuku], 'c-1') : resourcePage([ikebukuro]),
    ),
    add: vi.fn(async (_groupId: string, _accountId: string) => {}),
    remove: vi.fn(async (_groupId: string, _accountId: string) => {}),
  };
  return { model: createGroupAccountsModel(deps), deps };
}

const names = (items: readonly { name: string }[]) => items.map((item) => item.name);

describe('group accounts model', () => {
  it('lists the accounts, and asks for the candidates only when the picker opens', async () => {
    const { model, deps } = setup();

    const loading = model.load('g-1');
    expect(model.status.value).toBe('loading');
    await loading;

    expect(deps.accounts).toHaveBeenCalledWith('g-1');
    expect(names(model.accounts.value)).toEqual(['渋谷店']);
    expect(deps.candidates).not.toHaveBeenCalled();
    expect(model.candidates.status.value).toBe('idle');
  });

  it('offers the accounts the user directly administers page by page, marking those in the group', async () => {
    const { model, deps } = setup();
    await model.load('g-1');

    await model.pick();
    expect(deps.candidates).toHaveBeenCalledWith('', null);
    expect(names(model.candidates.items.value)).toEqual(['渋谷店', '新宿店']);
    expect(model.inGroup.value.has('a-1')).toBe(true);
    expect(model.inGroup.value.has('a-2')).toBe(false);

    await model.candidates.more();
    expect(deps.candidates).toHaveBeenLastCalledWith('', 'c-1');
    expect(names(model.candidates.items.value)).toEqual(['渋谷店', '新宿店', '池袋店']);
    expect(model.candidates.hasMore.value).toBe(false);
  });

  it('searches the candidates by name', async () => {
    const { model, deps } = setup();
    deps.candidates.mockResolvedValueOnce(resourcePage([]));
    model.candidates.setQuery('横浜');
    await model.pick();
    expect(deps.candidates).toHaveBeenCalledWith('横浜', null);
    expect(model.candidates.items.value).toEqual([]);
    expect(model.candidates.shownQuery.value).toBe('横浜');
  });

  it('adds an account and reads the list again', async () => {
    const { model, deps } = setup();
    await model.load('g-1');
    deps.accounts.mockResolvedValueOnce([groupAccount(), groupAccount({ id: 'a-2', name: '新宿店' })]);

    const adding = model.add('a-2');
    expect(model.busy.value).toBe('a-2');
    expect(await adding).toBe(true);

    expect(deps.add).toHaveBeenCalledWith('g-1', 'a-2');
    expect(model.busy.value).toBeNull();
    expect(model.accounts.value).toHaveLength(2);
    expect(model.inGroup.value.has('a-2')).toBe(true);
  });

  it('takes an account out of the group', async () => {
    const { model, deps } = setup();
    await model.load('g-1');
    deps.accounts.mockResolvedValueOnce([]);

    expect(await model.remove('a-1')).toBe(true);

    expect(deps.remove).toHaveBeenCalledWith('g-1', 'a-1');
    expect(model.accounts.value).toEqual([]);
    expect(model.inGroup.value.size).toBe(0);
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
    await model.load('g-1');
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
    await model.load('g-1');
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

    await model.load('g-1');
    expect(model.status.value).toBe('error');

    await model.load('g-1');
    expect(model.status.value).toBe('ready');
  });

  it("never shows another group's accounts, even when their answer comes late", async () => {
    const { model, deps } = setup();
    const slow = deferred<GroupAccount[]>();
    deps.accounts.mockReturnValueOnce(slow.promise);

    const first = model.load('g-1');
    const second = model.load('g-2');
    await second;
    slow.resolve([groupAccount({ name: '古い答え' })]);
    await first;

    expect(model.accounts.value.map((account) => account.name)).toEqual(['渋谷店']);
  });
});
