import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { AccessPage, AccessQuery, Person } from '../api/access';
import type { LoadStatus } from './load';

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
  const debounceMs = options.debounceMs ?? 300;
  const pageSize = options.pageSize ?? 50;
  const status = signal<LoadStatus>('idle');
  const error = signal<unknown>(null);
  const people = signal<Person[]>([]);
  const resourceCount = signal(0);
  const query = signal('');
  const shownQuery = signal('');
  const cursor = signal<string | null>(null);
  const loadingMore = signal(false);
  const moreError = signal<unknown>(null);
  const exporting = signal(false);
  const exportError = signal<unknown>(null);
  // Each first-page load starts a generation; answers for an earlier one (an older search) are dropped.
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function cancelPending(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  async function load(): Promise<void> {
    cancelPending();
    const mine = ++generation;
    const q = query.peek().trim();
    // The same search refreshes in place; a new one shows the skeleton rather than stale matches.
    const refresh = q === shownQuery.peek() && status.peek() === 'ready';
    batch(() => {
      if (!refresh) status.value = 'loading';
      error.value = null;
      loadingMore.value = false;
      moreError.value = null;
    });
    try {
      const first = await deps.page({ q, limit: pageSize });
      if (mine !== generation) return;
      batch(() => {
        people.value = first.people;
        resourceCount.value = first.resourceCount;
        cursor.value = first.nextCursor;
        shownQuery.value = q;
        status.value = 'ready';
      });
    } catch (cause) {
      if (mine !== generation) return;
      batch(() => {
        error.value = cause;
        status.value = 'error';
      });
    }
  }

  function setQuery(text: string): void {
    query.value = text;
    cancelPending();
    timer = setTimeout(() => {
      timer = null;
      if (query.peek().trim() !== shownQuery.peek() || status.peek() !== 'ready') void load();
    }, debounceMs);
  }

  async function more(): Promise<void> {
    const after = cursor.peek();
    if (after === null || loadingMore.peek() || status.peek() !== 'ready') return;
    const mine = generation;
    batch(() => {
      loadingMore.value = true;
      moreError.value = null;
    });
    try {
      const next = await deps.page({ cursor: after, q: shownQuery.peek(), limit: pageSize });
      if (mine !== generation) return;
      batch(() => {
        people.value = [...people.peek(), ...next.people];
        resourceCount.value = next.resourceCount;
        cursor.value = next.nextCursor;
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
    status,
    error,
    people,
    resourceCount,
    query,
    shownQuery,
    hasMore: computed(() => cursor.value !== null),
    loadingMore,
    moreError,
    exporting,
    exportError,
    load,
    setQuery,
    search: load,
    more,
    exportCsv,
    cancelPending,
  };
}
