import { signal } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import type { Me, MyResource, MyResourcesPage } from '../../app/api/types';
import { createHomeModel } from '../../app/state/home';
import { createHomeList } from '../../app/state/home-lists';
import { deferred, me, myResource, resourcePage } from './fixtures';

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
    expect(model.firstPages.value.account.resources).toEqual([account]);
    expect(model.firstPages.value.group.resources).toEqual([group]);
    expect(model.isEmpty.value).toBe(false);
  });

  it('shows the data that came with the sign-in at once, and fetches only on the load after next', async () => {
    const fetchMe = vi.fn(async () => me());
    const model = createHomeModel({ me: fetchMe });
    const account = myResource();

    model.receive(me([account]));
    expect(model.status.value).toBe('ready');
    expect(model.firstPages.value.account.resources).toEqual([account]);

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
    expect(model.firstPages.value.account.resources).toEqual([account]);

    await model.load();
    await model.load();
    expect(fetchMe).toHaveBeenCalledTimes(2);
    expect(model.firstPages.value.account.resources).toEqual([later]);
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
    expect(model.firstPages.value.account.resources).toHaveLength(1);
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
    expect(model.firstPages.value.account.resources).toHaveLength(1);

    second.resolve(me([myResource(), myResource({ id: 'a-2', name: '新宿店' })]));
    await refreshing;
    expect(model.firstPages.value.account.resources).toHaveLength(2);
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
    expect(model.firstPages.value.account.resources).toHaveLength(1);
  });
});

describe('home model at scale', () => {
  it('takes the totals and the cursors from the summary, not from the lists it shows', async () => {
    const operatorOnly = myResource({ role: 'operator', grants: [{ role: 'operator', source: 'direct' }] });
    const model = createHomeModel({
      me: async () =>
        me([operatorOnly], [], {
          summary: { accounts: 1000, groups: 3, administered: 999, pendingRequests: 7 },
          nextCursor: { account: 'after-shibuya', group: null },
        }),
    });
    await model.load();

    // The first page alone would say "administers nothing": the summary knows better.
    expect(model.administers.value).toBe(true);
    expect(model.summary.value.accounts).toBe(1000);
    expect(model.firstPages.value.account).toEqual({
      resources: [operatorOnly],
      nextCursor: 'after-shibuya',
    });
    expect(model.firstPages.value.group).toEqual({ resources: [], nextCursor: null });
    expect(model.isEmpty.value).toBe(false);
  });

  it('does not offer the access overview to someone who administers nothing', async () => {
    const operatorOnly = myResource({ role: 'operator', grants: [{ role: 'operator', source: 'direct' }] });
    const model = createHomeModel({ me: async () => me([operatorOnly]) });
    await model.load();
    expect(model.administers.value).toBe(false);
  });
});

describe('ホーム list past its first page', () => {
  const first = (resources: MyResource[], nextCursor: string | null) => ({ resources, nextCursor });
  const shibuya = myResource({ id: 'a-1', name: '渋谷店' });
  const shinjuku = myResource({ id: 'a-2', name: '新宿店' });
  const ikebukuro = myResource({ id: 'a-3', name: '池袋店' });

  function setup(fetch = vi.fn(async (_q: string, _cursor: string | null) => resourcePage([shinjuku]))) {
    const page = signal(first([shibuya], 'c-1'));
    return { page, fetch, list: createHomeList(page, fetch) };
  }

  it('shows ホーム’s first page as it came, without asking', () => {
    const { list, fetch } = setup();
    expect(list.status.value).toBe('ready');
    expect(list.items.value).toEqual([shibuya]);
    expect(list.hasMore.value).toBe(true);
    expect(list.query.value).toBe('');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('continues after the first page’s cursor on 「もっと見る」', async () => {
    const { list, fetch } = setup();
    await list.more();
    expect(fetch).toHaveBeenCalledWith('', 'c-1');
    expect(list.items.value).toEqual([shibuya, shinjuku]);
    expect(list.hasMore.value).toBe(false);
  });

  it('keeps the items when the next page fails, and says so', async () => {
    const failure = new Error('offline');
    const { list } = setup(vi.fn().mockRejectedValueOnce(failure));
    await list.more();
    expect(list.items.value).toEqual([shibuya]);
    expect(list.moreError.value).toBe(failure);
    expect(list.hasMore.value).toBe(true);
  });

  it('searches by name at once on the search key, with loading, then the matches or none', async () => {
    const answer = deferred<MyResourcesPage>();
    const { list, fetch } = setup(vi.fn(() => answer.promise));
    list.setQuery(' 池袋 ');
    const searching = list.search();
    expect(list.status.value).toBe('loading');
    answer.resolve(resourcePage([ikebukuro]));
    await searching;
    expect(fetch).toHaveBeenCalledWith('池袋', null);
    expect(list.items.value).toEqual([ikebukuro]);
    expect(list.shownQuery.value).toBe('池袋');
  });

  it('shows a failed search as an error that a retry recovers from', async () => {
    const fetch = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce(resourcePage([]));
    const { list } = setup(fetch);
    list.setQuery('横浜');
    await list.search();
    expect(list.status.value).toBe('error');
    await list.load();
    expect(list.status.value).toBe('ready');
    expect(list.items.value).toEqual([]);
    expect(list.shownQuery.value).toBe('横浜');
  });

  it('shows a new first page (ホーム refreshed) as it is, dropping the pages and the search', async () => {
    const { list, page } = setup();
    await list.more();
    list.setQuery('池袋');
    await list.search();
    page.value = first([shinjuku], null);
    expect(list.items.value).toEqual([shinjuku]);
    expect(list.hasMore.value).toBe(false);
    expect(list.query.value).toBe('');
  });
});

describe('home model: what waits for the person, and their notifications', () => {
  const waiting: Me['waiting'] = {
    reviews: { total: 0, items: [] },
    requests: {
      total: 7,
      items: [
        {
          id: 'jr-1',
          role: 'operator',
          createdAt: '2026-12-01T10:00:00.000Z',
          requester: { userId: 'Utanaka', displayName: '田中 一郎' },
          resource: { kind: 'account', id: 'a-1', name: '渋谷店' },
        },
      ],
    },
    expiringInvites: {
      total: 1,
      items: [
        {
          id: 'inv-1',
          role: 'admin',
          expiresAt: '2026-12-01T12:00:00.000Z',
          resource: { kind: 'group', id: 'g-1', name: '関東エリア' },
        },
      ],
    },
  };

  it('has nothing waiting and no setting before ホーム loads', () => {
    const model = createHomeModel({ me: async () => me() });
    expect(model.hasWaiting.value).toBe(false);
    expect(model.waiting.value.requests.items).toEqual([]);
    expect(model.notifications.value).toBeNull();
  });

  it('shows the join requests to decide and the invites about to expire, with their totals', async () => {
    const model = createHomeModel({
      me: async () => me([myResource()], [], { waiting, notifications: { enabled: false, reachable: true } }),
    });
    await model.load();
    expect(model.hasWaiting.value).toBe(true);
    expect(model.waiting.value.requests.total).toBe(7);
    expect(model.waiting.value.expiringInvites.items[0]?.resource.name).toBe('関東エリア');
    expect(model.notifications.value).toEqual({ enabled: false, reachable: true });
  });

  it('counts an invite about to expire alone as something waiting', async () => {
    const model = createHomeModel({
      me: async () => me([myResource()], [], { waiting: { ...waiting, requests: { total: 0, items: [] } } }),
    });
    await model.load();
    expect(model.hasWaiting.value).toBe(true);
  });
});
