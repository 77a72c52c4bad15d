import { describe, expect, it, vi } from 'vitest';
import type { Me } from '../../app/api/types';
import { createHomeModel } from '../../app/state/home';
import { deferred, me, myResource } from './fixtures';

describe('home model', () => {
  it('loads the accounts and groups separately', async () => {
    const account = myResource();
    const group = myResource({ kind: 'group', id: 'g-1', name: '関東エリア', basicId: null });
    const model = createHomeModel({ me: async () => me([account, group]) });
    expect(model.status.value).toBe('idle');

    const loading = model.load();
    expect(model.status.value).toBe('loading');
    await loading;

    expect(model.status.value).toBe('ready');
    expect(model.accounts.value).toEqual([account]);
    expect(model.groups.value).toEqual([group]);
    expect(model.isEmpty.value).toBe(false);
  });

  it('shows the data that came with the sign-in at once, and fetches only on the load after next', async () => {
    const fetchMe = vi.fn(async () => me());
    const model = createHomeModel({ me: fetchMe });
    const account = myResource();

    model.receive(me([account]));
    expect(model.status.value).toBe('ready');
    expect(model.accounts.value).toEqual([account]);

    await model.load();
    expect(fetchMe).not.toHaveBeenCalled();

    await model.load();
    expect(fetchMe).toHaveBeenCalledTimes(1);
    expect(model.isEmpty.value).toBe(true);
  });

  it('lets the data of a sign-in supersede a load in flight, which a later load does not join', async () => {
    const pending = deferred<Me>();
    const later = myResource({ id: 'a-2', name: '新宿店' });
    const fetchMe = vi
      .fn()
      .mockReturnValueOnce(pending.promise)
      .mockResolvedValueOnce(me([later]));
    const model = createHomeModel({ me: fetchMe });
    const loading = model.load();
    const account = myResource();

    model.receive(me([account]));
    pending.resolve(me());
    await loading;
    expect(model.accounts.value).toEqual([account]);

    await model.load();
    await model.load();
    expect(fetchMe).toHaveBeenCalledTimes(2);
    expect(model.accounts.value).toEqual([later]);
  });

  it('is empty when the user has no access and no pending request', async () => {
    const model = createHomeModel({ me: async () => me() });
    expect(model.isEmpty.value).toBe(false);

    await model.load();

    expect(model.isEmpty.value).toBe(true);
  });

  it('is not empty while a join request awaits approval', async () => {
    const request = {
      id: 'r-1',
      resource: { kind: 'account' as const, id: 'a-9', name: '新宿店' },
      role: 'operator' as const,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    const model = createHomeModel({ me: async () => me([], [request]) });

    await model.load();

    expect(model.isEmpty.value).toBe(false);
    expect(model.pendingRequests.value).toEqual([request]);
  });

  it('shows an error and recovers on retry', async () => {
    const failure = new Error('offline');
    const fetchMe = vi
      .fn<() => Promise<Me>>()
      .mockRejectedValueOnce(failure)
      .mockResolvedValueOnce(me([myResource()]));
    const model = createHomeModel({ me: fetchMe });

    await model.load();
    expect(model.status.value).toBe('error');
    expect(model.error.value).toBe(failure);

    await model.load();
    expect(model.status.value).toBe('ready');
    expect(model.error.value).toBeNull();
    expect(model.accounts.value).toHaveLength(1);
  });

  it('keeps the list on screen while it refreshes on a revisit', async () => {
    const second = deferred<Me>();
    const fetchMe = vi
      .fn<() => Promise<Me>>()
      .mockResolvedValueOnce(me([myResource()]))
      .mockReturnValueOnce(second.promise);
    const model = createHomeModel({ me: fetchMe });
    await model.load();

    const refreshing = model.load();
    expect(model.status.value).toBe('ready');
    expect(model.accounts.value).toHaveLength(1);

    second.resolve(me([myResource(), myResource({ id: 'a-2', name: '新宿店' })]));
    await refreshing;
    expect(model.accounts.value).toHaveLength(2);
  });

  it('joins a load that is in flight instead of asking twice', async () => {
    const answer = deferred<Me>();
    const fetchMe = vi.fn(() => answer.promise);
    const model = createHomeModel({ me: fetchMe });

    const first = model.load();
    const second = model.load();
    answer.resolve(me([myResource()]));
    await Promise.all([first, second]);

    expect(fetchMe).toHaveBeenCalledTimes(1);
    expect(model.accounts.value).toHaveLength(1);
  });
});
