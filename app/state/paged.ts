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
  };
}
