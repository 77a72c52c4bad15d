import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { AccessPage, AccessQuery, OverdueReviews, Person } from '../api/access';
import type { LoadStatus } from './load';
import { createSearchList } from './paged';

export type AccessDeps = {
  page(query: AccessQuery): Promise<AccessPage>;
  exportCsv(): Promise<Blob>;
};

export type AccessOptions = {
  /** How long typing must pause before the search is sent. */
  debounceMs?: number;
  pageSize?: number;
};

export type AccessCounts = { accounts: number; groups: number };

/** What a person can reach: distinct accounts, and the groups they are in (directly, or the one a grant comes through). */
export function countAccess(person: Person): AccessCounts {
  const accounts = new Set<string>();
  const groups = new Set<string>();
  for (const entry of person.access) {
    if (entry.resource.kind === 'account') accounts.add(entry.resource.id);
    else groups.add(entry.resource.id);
    if (entry.group) groups.add(entry.group.id);
  }
  return { accounts: accounts.size, groups: groups.size };
}

export type AccessModel = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  /** Every page loaded so far, by name. */
  readonly people: ReadonlySignal<Person[]>;
  /** How many accounts and groups the user administers: the overview's scope. */
  readonly resourceCount: ReadonlySignal<number>;
  /** What the user administers whose access review is overdue, as the last first page brought it. */
  readonly overdueReviews: ReadonlySignal<OverdueReviews>;
  /** The search box, as typed. */
  readonly query: ReadonlySignal<string>;
  /** The search the list shows (trimmed); '' for everyone. */
  readonly shownQuery: ReadonlySignal<string>;
  readonly hasMore: ReadonlySignal<boolean>;
  readonly loadingMore: ReadonlySignal<boolean>;
  /** The last 「さらに表示」 failed; the people already shown stay. */
  readonly moreError: ReadonlySignal<unknown>;
  readonly exporting: ReadonlySignal<boolean>;
  readonly exportError: ReadonlySignal<unknown>;
  /** The first page for the current search; a refresh keeps the list on screen while it loads. */
  load(): Promise<void>;
  /** Typing: the search follows once the typing pauses. */
  setQuery(text: string): void;
  /** The search at once (the keyboard's search key). */
  search(): Promise<void>;
  more(): Promise<void>;
  /** The whole overview as CSV; null when it failed (`exportError` says why). */
  exportCsv(): Promise<Blob | null>;
  /** Drops a search waiting for the typing to pause (the page is left). */
  cancelPending(): void;
};

export function createAccessModel(deps: AccessDeps, options: AccessOptions = {}): AccessModel {
  const pageSize = options.pageSize ?? 50;
  const resourceCount = signal(0);
  const overdueReviews = signal<OverdueReviews>({ total: 0, items: [] });
  const exporting = signal(false);
  const exportError = signal<unknown>(null);
  const list = createSearchList<Person, AccessPage>({
    items: (page) => page.people,
    key: (person) => person.userId,
    onPage: (page) =>
      batch(() => {
        resourceCount.value = page.resourceCount;
        // Only a first page brings them (null on the next pages).
        if (page.overdueReviews) overdueReviews.value = page.overdueReviews;
      }),
    fetch: (q, cursor) => deps.page({ q, limit: pageSize, ...(cursor ? { cursor } : {}) }),
    ...(options.debounceMs === undefined ? {} : { debounceMs: options.debounceMs }),
  });

  async function exportCsv(): Promise<Blob | null> {
    if (exporting.peek()) return null;
    batch(() => {
      exporting.value = true;
      exportError.value = null;
    });
    try {
      const csv = await deps.exportCsv();
      exporting.value = false;
      return csv;
    } catch (cause) {
      batch(() => {
        exportError.value = cause;
        exporting.value = false;
      });
      return null;
    }
  }

  return {
    status: list.status,
    error: list.error,
    people: list.items,
    resourceCount,
    overdueReviews,
    query: list.query,
    shownQuery: list.shownQuery,
    hasMore: list.hasMore,
    loadingMore: list.loadingMore,
    moreError: list.moreError,
    exporting,
    exportError,
    load: list.load,
    setQuery: list.setQuery,
    search: list.search,
    more: list.more,
    exportCsv,
    cancelPending: list.cancelPending,
  };
}
