import { describe, expect, it } from 'vitest';
import { createPagedList } from '../../app/state/paged';
import { deferred } from './fixtures';

type Page = { rows: number[]; nextCursor: string | null; total: number };

function setup() {
  const totals: number[] = [];
  const list = createPagedList<number, Page>({
    items: (page) => page.rows,
    key: (row) => row,
    onPage: (page) => totals.push(page.total),
  });
  return { list, totals };
}

describe('paged list', () => {
  it('appends the next page after the cursor, without an item already shown, and passes each page on', async () => {
    const { list, totals } = setup();
    await list.load(async () => ({ rows: [1, 2], nextCursor: 'c1', total: 4 }), { keep: false });
    const cursors: string[] = [];

    await list.more(async (cursor) => {
      cursors.push(cursor);
      return { rows: [2, 3, 4], nextCursor: null, total: 4 };
    });

    expect(cursors).toEqual(['c1']);
    expect(list.items.value).toEqual([1, 2, 3, 4]);
    expect(list.hasMore.value).toBe(false);
    expect(totals).toEqual([4, 4]);
  });

  it('drops a page that answers an earlier load, first or next', async () => {
    const { list } = setup();
    await list.load(async () => ({ rows: [1], nextCursor: 'c1', total: 1 }), { keep: false });
    const late = deferred<Page>();
    const more = list.more(() => late.promise);

    await list.load(async () => ({ rows: [9], nextCursor: null, total: 1 }), { keep: false });
    late.resolve({ rows: [2], nextCursor: null, total: 2 });
    await more;

    expect(list.items.value).toEqual([9]);
    expect(list.loadingMore.value).toBe(false);
  });

  it('keeps the list on screen during a refresh, and empties it for a new one', async () => {
    const { list } = setup();
    await list.load(async () => ({ rows: [1], nextCursor: null, total: 1 }), { keep: false });
    const refresh = deferred<Page>();

    const refreshing = list.load(() => refresh.promise, { keep: true });
    expect(list.status.value).toBe('ready');
    expect(list.items.value).toEqual([1]);
    refresh.resolve({ rows: [1, 5], nextCursor: null, total: 2 });
    await refreshing;

    void list.load(() => new Promise<Page>(() => {}), { keep: false });
    expect(list.status.value).toBe('loading');
    expect(list.items.value).toEqual([]);
  });

  it('reads no next page while a refresh loads the first one (the cursor on screen belongs to the old list)', async () => {
    const { list } = setup();
    await list.load(async () => ({ rows: [1], nextCursor: 'old', total: 2 }), { keep: false });
    const refresh = deferred<Page>();
    const refreshing = list.load(() => refresh.promise, { keep: true });
    const cursors: string[] = [];

    await list.more(async (cursor) => {
      cursors.push(cursor);
      return { rows: [2], nextCursor: null, total: 2 };
    });
    refresh.resolve({ rows: [1, 3], nextCursor: 'new', total: 3 });
    await refreshing;

    expect(cursors).toEqual([]);
    expect(list.items.value).toEqual([1, 3]);
    expect(list.hasMore.value).toBe(true);
  });

  it('keeps what it shows when the next page fails, and says so', async () => {
    const { list } = setup();
    await list.load(async () => ({ rows: [1], nextCursor: 'c1', total: 2 }), { keep: false });

    await list.more(async () => {
      throw new Error('offline');
    });

    expect(list.items.value).toEqual([1]);
    expect(list.moreError.value).toBeInstanceOf(Error);
    expect(list.hasMore.value).toBe(true);
  });
});
