import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { MyResource, MyResourcesPage } from '../api/types';
import { createSearchList, type SearchList } from './paged';

/** A page of what the user reaches, for the search `q` ('' for everything), after `cursor`. */
export type ResourcePageFetch = (q: string, cursor: string | null) => Promise<MyResourcesPage>;

/** A searchable list of resources as a screen shows it: a search list, or ホーム's list that continues its first page. */
export type ResourceList = Omit<SearchList<MyResource, MyResourcesPage>, 'receive'>;

/**
 * One of ホーム's lists when the user reaches more than its first page: the first page as ホーム's answer
 * brought it, until 「もっと見る」 or a search continues it through GET /api/me/resources. A new answer
 * (ホーム refreshed) is shown as it is again, dropping the pages and search of the previous one.
 */
export function createHomeList(
  first: ReadonlySignal<MyResourcesPage>,
  fetch: ResourcePageFetch,
): ResourceList {
  const list = createSearchList<MyResource, MyResourcesPage>({
    items: (page) => page.resources,
    key: (resource) => resource.id,
    fetch,
  });
  const from = signal<MyResourcesPage | null>(null);
  const following = computed(() => from.value === first.value);

  function follow(): void {
    const page = first.peek();
    if (from.peek() === page) return;
    batch(() => {
      from.value = page;
      list.receive(page);
    });
  }

  const whileFollowing = <T>(value: ReadonlySignal<T>, otherwise: () => T) =>
    computed(() => (following.value ? value.value : otherwise()));

  return {
    status: whileFollowing(list.status, () => 'ready'),
    error: whileFollowing(list.error, () => null),
    items: whileFollowing(list.items, () => first.value.resources),
    hasMore: whileFollowing(list.hasMore, () => first.value.nextCursor !== null),
    loadingMore: whileFollowing(list.loadingMore, () => false),
    moreError: whileFollowing(list.moreError, () => null),
    query: whileFollowing(list.query, () => ''),
    shownQuery: whileFollowing(list.shownQuery, () => ''),
    load: () => {
      follow();
      return list.load();
    },
    setQuery: (text) => {
      follow();
      list.setQuery(text);
    },
    search: () => {
      follow();
      return list.search();
    },
    more: () => {
      follow();
      return list.more();
    },
    cancelPending: list.cancelPending,
  };
}
