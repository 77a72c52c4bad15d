import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { LoadStatus } from './load';

/** A page of a cursor-paged API answer. */
export type Paged = { nextCursor: string | null };

export type PagedListOptions<Item, Page extends Paged> = {
  items(page: Page): Item[];
  /** Identity of an item: one already on screen (from a retried page) is not shown twice. */
  key(item: Item): unknown;
  /** Whatever else a page carries, taken in the same batch as its items. */
  onPage?(page: Page): void;
};

export type PagedList<Item, Page extends Paged> = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  /** Every page loaded so far, in order. */
  readonly items: ReadonlySignal<Item[]>;
  readonly hasMore: ReadonlySignal<boolean>;
  readonly loadingMore: ReadonlySignal<boolean>;
  /** The last 「さらに表示」 failed; the items already shown stay. */
  readonly moreError: ReadonlySignal<unknown>;
  /**
   * Loads the first page. With `keep`, the list stays on screen while it loads (a refresh of the same
   * list); otherwise it empties and shows as loading. An answer to an earlier call is dropped.
   */
  load(first: () => Promise<Page>, options: { keep: boolean }): Promise<void>;
  /** The next page, after the cursor of the last one; nothing while a first page or another is loading. */
  more(next: (cursor: string) => Promise<Page>): Promise<void>;
  /** Shows a first page that arrived another way; supersedes any load in flight. */
  receive(page: Page): void;
};

/** The state of a list read page by page, shared by アクセス一覧 and the history. */
export function createPagedList<Item, Page extends Paged>(
  options: PagedListOptions<Item, Page>,
): PagedList<Item, Page> {
  const status = signal<LoadStatus>('idle');
  const error = signal<unknown>(null);
  const items = signal<Item[]>([]);
  const cursor = signal<string | null>(null);
  const loadingMore = signal(false);
  const moreError = signal<unknown>(null);
  // Each first-page load starts a generation; answers for an earlier one (another search, another
  // resource, a reload) are dropped, pages of more() included.
  let generation = 0;
  // A refresh keeps the old list and its cursor on screen; a next page read with that cursor would be
  // appended to the new first page.
  let loadingFirst = false;

  async function load(first: () => Promise<Page>, { keep }: { keep: boolean }): Promise<void> {
    const mine = ++generation;
    loadingFirst = true;
    batch(() => {
      if (!keep) {
        status.value = 'loading';
        items.value = [];
        cursor.value = null;
      }
      error.value = null;
      loadingMore.value = false;
      moreError.value = null;
    });
    try {
      const page = await first();
      if (mine !== generation) return;
      loadingFirst = false;
      batch(() => {
        items.value = options.items(page);
        cursor.value = page.nextCursor;
        options.onPage?.(page);
        status.value = 'ready';
      });
    } catch (cause) {
      if (mine !== generation) return;
      loadingFirst = false;
      batch(() => {
        error.value = cause;
        status.value = 'error';
      });
    }
  }

  function receive(page: Page): void {
    generation++;
    loadingFirst = false;
    batch(() => {
      items.value = options.items(page);
      cursor.value = page.nextCursor;
      options.onPage?.(page);
      error.value = null;
      loadingMore.value = false;
      moreError.value = null;
      status.value = 'ready';
    });
  }

  async function more(next: (cursor: string) => Promise<Page>): Promise<void> {
    const after = cursor.peek();
    if (after === null || loadingFirst || loadingMore.peek() || status.peek() !== 'ready') return;
    const mine = generation;
    batch(() => {
      loadingMore.value = true;
      moreError.value = null;
    });
    try {
      const page = await next(after);
      if (mine !== generation) return;
      const shown = new Set(items.peek().map(options.key));
      batch(() => {
        items.value = [
          ...items.peek(),
          ...options.items(page).filter((item) => !shown.has(options.key(item))),
        ];
        cursor.value = page.nextCursor;
        options.onPage?.(page);
        loadingMore.value = false;
      });
    } catch (cause) {
      if (mine !== generation) return;
      batch(() => {
        moreError.value = cause;
        loadingMore.value = false;
      });
    }
  }

  return {
    status,
    error,
    items,
    hasMore: computed(() => cursor.value !== null),
    loadingMore,
    moreError,
    load,
    more,
    receive,
  };
}

export type SearchListOptions<Item, Page extends Paged> = PagedListOptions<Item, Page> & {
  /** A page for the search `q` ('' for everything), after `cursor` (null: the first). */
  fetch(q: string, cursor: string | null): Promise<Page>;
  /** How long typing must pause before the search is sent. */
  debounceMs?: number;
};

export type SearchList<Item, Page extends Paged> = Omit<
  PagedList<Item, Page>,
  'load' | 'more' | 'receive'
> & {
  /** The search box, as typed. */
  readonly query: ReadonlySignal<string>;
  /** The search the list shows (trimmed); '' for everything. */
  readonly shownQuery: ReadonlySignal<string>;
  /** The first page for the current search; the same search refreshes with the list kept on screen. */
  load(): Promise<void>;
  /** Typing: the search follows once the typing pauses. */
  setQuery(text: string): void;
  /** The search at once (the keyboard's search key). */
  search(): Promise<void>;
  more(): Promise<void>;
  /** Drops a search waiting for the typing to pause (the page is left). */
  cancelPending(): void;
  /** Shows, with the search box emptied, a first page of everything that arrived another way. */
  receive(page: Page): void;
};

/** A paged list with a name search, shared by アクセス一覧, ホーム's longer lists and the group's account picker. */
export function createSearchList<Item, Page extends Paged>(
  options: SearchListOptions<Item, Page>,
): SearchList<Item, Page> {
  const debounceMs = options.debounceMs ?? 300;
  const query = signal('');
  const shownQuery = signal('');
  const list = createPagedList<Item, Page & { q: string }>({
    items: options.items,
    key: options.key,
    onPage: (page) => {
      shownQuery.value = page.q;
      options.onPage?.(page);
    },
  });
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function fetch(q: string, cursor: string | null) {
    return { ...(await options.fetch(q, cursor)), q };
  }

  function cancelPending(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function load(): Promise<void> {
    cancelPending();
    const q = query.peek().trim();
    // The same search refreshes in place; a new one shows the skeleton rather than stale matches.
    const keep = q === shownQuery.peek() && list.status.peek() === 'ready';
    return list.load(() => fetch(q, null), { keep });
  }

  return {
    status: list.status,
    error: list.error,
    items: list.items,
    hasMore: list.hasMore,
    loadingMore: list.loadingMore,
    moreError: list.moreError,
    query,
    shownQuery,
    load,
    search: load,
    setQuery(text) {
      query.value = text;
      cancelPending();
      timer = setTimeout(() => {
        timer = null;
        if (query.peek().trim() !== shownQuery.peek() || list.status.peek() !== 'ready') void load();
      }, debounceMs);
    },
    more: () => list.more((cursor) => fetch(shownQuery.peek(), cursor)),
    cancelPending,
    receive(page) {
      cancelPending();
      batch(() => {
        query.value = '';
        list.receive({ ...page, q: '' });
      });
    },
  };
}
