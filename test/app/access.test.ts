import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccessPage, AccessQuery } from '../../app/api/access';
import { ApiError } from '../../app/api/errors';
import { countAccess, createAccessModel } from '../../app/state/access';
import { createHomeModel } from '../../app/state/home';
import { accessEntry, accessPage, groupEntry, person, viaGroup } from './access-fixtures';
import { deferred, me, myResource } from './fixtures';

const sato = person();
const suzuki = person({ userId: 'Usuzuki', displayName: '鈴木 一郎' });
const tanaka = person({ userId: 'Utanaka', displayName: '田中 美咲' });

function setup(page: (query: AccessQuery) => Promise<AccessPage> = async () => accessPage([sato, suzuki])) {
  const deps = { page: vi.fn(page), exportCsv: vi.fn(async () => new Blob(['a,b\n'])) };
  return { model: createAccessModel(deps, { debounceMs: 300, pageSize: 2 }), deps };
}

describe('access overview model', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('loads the first page of people with the number of resources administered', async () => {
    const { model, deps } = setup();

    const loading = model.load();
    expect(model.status.value).toBe('loading');
    await loading;

    expect(deps.page).toHaveBeenCalledWith({ q: '', limit: 2 });
    expect(model.status.value).toBe('ready');
    expect(model.people.value).toEqual([sato, suzuki]);
    expect(model.resourceCount.value).toBe(3);
    expect(model.hasMore.value).toBe(false);
  });

  it('shows what is overdue as the first page brought it; the next pages leave it be', async () => {
    const overdue = {
      total: 2,
      items: [
        {
          resource: { kind: 'account' as const, id: 'a-1', name: '渋谷店' },
          dueAt: '2026-09-01T00:00:00.000Z',
          reviewId: 'rv-1',
        },
        {
          resource: { kind: 'group' as const, id: 'g-1', name: '関東' },
          dueAt: '2026-10-01T00:00:00.000Z',
          reviewId: null,
        },
      ],
    };
    const { model, deps } = setup();
    expect(model.overdueReviews.value).toEqual({ total: 0, items: [] });
    deps.page
      .mockResolvedValueOnce(accessPage([sato, suzuki], 'c-1', 3, overdue))
      .mockResolvedValueOnce(accessPage([tanaka]));
    await model.load();
    expect(model.overdueReviews.value).toEqual(overdue);
    await model.more();
    expect(model.overdueReviews.value).toEqual(overdue);
  });

  it('pages with the cursor, appending the next people (さらに表示)', async () => {
    const { model, deps } = setup();
    deps.page
      .mockResolvedValueOnce(accessPage([sato, suzuki], 'c-1'))
      .mockResolvedValueOnce(accessPage([tanaka]));
    await model.load();
    expect(model.hasMore.value).toBe(true);

    const more = model.more();
    expect(model.loadingMore.value).toBe(true);
    await more;

    expect(deps.page).toHaveBeenLastCalledWith({ cursor: 'c-1', q: '', limit: 2 });
    expect(model.people.value.map((p) => p.displayName)).toEqual(['佐藤 健', '鈴木 一郎', '田中 美咲']);
    expect(model.hasMore.value).toBe(false);
    expect(model.loadingMore.value).toBe(false);
  });

  it('keeps the people shown when the next page fails, and tries again', async () => {
    const { model, deps } = setup();
    const failure = new ApiError(0, 'NETWORK', 'offline', null);
    deps.page
      .mockResolvedValueOnce(accessPage([sato, suzuki], 'c-1'))
      .mockRejectedValueOnce(failure)
      .mockResolvedValueOnce(accessPage([tanaka]));
    await model.load();

    await model.more();
    expect(model.moreError.value).toBe(failure);
    expect(model.people.value).toHaveLength(2);
    expect(model.hasMore.value).toBe(true);

    await model.more();
    expect(model.moreError.value).toBeNull();
    expect(model.people.value).toHaveLength(3);
  });

  it('searches once the typing pauses, with the trimmed query', async () => {
    const { model, deps } = setup();
    await model.load();
    deps.page.mockResolvedValue(accessPage([sato]));

    model.setQuery('佐');
    model.setQuery('佐藤 ');
    await vi.advanceTimersByTimeAsync(299);
    expect(deps.page).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);

    expect(deps.page).toHaveBeenCalledTimes(2);
    expect(deps.page).toHaveBeenLastCalledWith({ q: '佐藤', limit: 2 });
    expect(model.shownQuery.value).toBe('佐藤');
    expect(model.people.value).toEqual([sato]);
  });

  it('does not search again when the typing ends where it started', async () => {
    const { model, deps } = setup();
    await model.load();

    model.setQuery('佐');
    model.setQuery('');
    await vi.runAllTimersAsync();

    expect(deps.page).toHaveBeenCalledTimes(1);
  });

  it('searches at once on the search key, dropping the pending one', async () => {
    const { model, deps } = setup();
    await model.load();

    model.setQuery('鈴木');
    await model.search();
    await vi.runAllTimersAsync();

    expect(deps.page).toHaveBeenCalledTimes(2);
    expect(deps.page).toHaveBeenLastCalledWith({ q: '鈴木', limit: 2 });
  });

  it('shows only the answer of the latest search, whatever order the answers come in', async () => {
    const { model, deps } = setup();
    await model.load();
    const slow = deferred<AccessPage>();
    deps.page.mockReturnValueOnce(slow.promise).mockResolvedValueOnce(accessPage([suzuki]));

    model.setQuery('佐藤');
    const first = model.search();
    model.setQuery('鈴木');
    await model.search();
    slow.resolve(accessPage([sato]));
    await first;

    expect(model.shownQuery.value).toBe('鈴木');
    expect(model.people.value).toEqual([suzuki]);
  });

  it('searches the next page with the query of the list shown', async () => {
    const { model, deps } = setup();
    deps.page.mockResolvedValueOnce(accessPage([sato, suzuki], 'c-1'));
    model.setQuery('藤');
    await model.search();

    await model.more();

    expect(deps.page).toHaveBeenLastCalledWith({ cursor: 'c-1', q: '藤', limit: 2 });
  });

  it('shows an error and recovers on retry', async () => {
    const { model, deps } = setup();
    deps.page.mockRejectedValueOnce(new ApiError(500, 'INTERNAL', 'x', 'r1'));

    await model.load();
    expect(model.status.value).toBe('error');

    await model.load();
    expect(model.status.value).toBe('ready');
    expect(model.error.value).toBeNull();
  });

  it('exports the CSV, or says why it could not', async () => {
    const { model, deps } = setup();
    const csv = await model.exportCsv();
    expect(csv).toBeInstanceOf(Blob);
    expect(model.exporting.value).toBe(false);

    const failure = new ApiError(0, 'NETWORK', 'offline', null);
    deps.exportCsv.mockRejectedValueOnce(failure);
    expect(await model.exportCsv()).toBeNull();
    expect(model.exportError.value).toBe(failure);
  });
});

describe('countAccess', () => {
  it('counts distinct accounts, and the groups a person is in or reaches accounts through', () => {
    const kanto = { id: 'g-1', name: '関東エリア' };
    const counts = countAccess(
      person({
        access: [
          accessEntry(),
          viaGroup({ id: 'a-1', name: '渋谷店' }, kanto),
          viaGroup({ id: 'a-2', name: '新宿店' }, kanto),
          groupEntry(kanto),
          viaGroup({ id: 'a-3', name: '梅田店' }, { id: 'g-2', name: '関西エリア' }),
        ],
      }),
    );
    expect(counts).toEqual({ accounts: 3, groups: 2 });
  });
});

describe('home: the way to the access overview', () => {
  it.each([
    { resources: [myResource()], administers: true },
    { resources: [myResource({ kind: 'group', role: 'admin' })], administers: true },
    { resources: [myResource({ role: 'operator' })], administers: false },
    { resources: [], administers: false },
  ])('is offered to admins of something ($administers)', async ({ resources, administers }) => {
    const home = createHomeModel({ me: async () => me(resources) });
    await home.load();
    expect(home.administers.value).toBe(administers);
  });
});
