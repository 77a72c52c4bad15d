import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { MyResource } from '../api/types';
import { ta } from '../i18n/access';
import type { ResourceList } from '../state/home-lists';
import { ErrorState } from './ErrorState';
import { MoreItems } from './MoreItems';
import { Skeleton } from './Skeleton';
import './pager.css';

type Props = {
  /** The search box's id, unique on the page. */
  id: string;
  source: ResourceList;
  /** The search box's label and placeholder, e.g. 「アカウント名で検索」. */
  searchLabel: string;
  /** Shown when there is nothing at all (no search). */
  empty: ComponentChildren;
  row(resource: MyResource): ComponentChildren;
};

/**
 * A list of the user's accounts or groups that is longer than a page: a name search, the list, and
 * 「もっと見る」, with the loading, empty and error states of each. Used by ホーム and by the group's
 * account picker.
 */
export function ResourcePager({ id, source, searchLabel, empty, row }: Props) {
  // A search still waiting for the typing to pause is dropped with the list.
  useEffect(() => source.cancelPending, [source]);
  return (
    <>
      <search class="pager-search">
        <form
          class="field"
          onSubmit={(event) => {
            event.preventDefault();
            void source.search();
          }}
        >
          <input
            id={id}
            type="search"
            enterKeyHint="search"
            autocomplete="off"
            aria-label={searchLabel}
            placeholder={searchLabel}
            value={source.query}
            onInput={(event) => source.setQuery(event.currentTarget.value)}
          />
        </form>
      </search>
      <PagerBody source={source} empty={empty} row={row} />
    </>
  );
}

function PagerBody({ source, empty, row }: Pick<Props, 'source' | 'empty' | 'row'>) {
  const m = ta().lists;
  const status = source.status.value;
  if (status === 'idle' || status === 'loading') return <Skeleton rows={3} />;
  if (status === 'error') {
    return <ErrorState title={m.loadFailed} error={source.error.value} onRetry={() => void source.load()} />;
  }
  const items = source.items.value;
  const query = source.shownQuery.value;
  return (
    <>
      {items.length === 0 ? (
        query ? (
          <div class="state" aria-live="polite">
            <p>
              <strong>{m.noMatch(query)}</strong>
            </p>
            <p class="muted small">{m.noMatchBody}</p>
          </div>
        ) : (
          empty
        )
      ) : (
        <ul class="list">
          {items.map((resource) => (
            <li key={resource.id}>{row(resource)}</li>
          ))}
        </ul>
      )}
      <MoreItems source={source} label={m.more} loadingLabel={m.loadingMore} failedLabel={m.moreFailed} />
    </>
  );
}
