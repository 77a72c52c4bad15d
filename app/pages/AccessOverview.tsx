import { useEffect } from 'preact/hooks';
import { accessApi, type Person } from '../api/access';
import { Avatar } from '../components/Avatar';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { PageHeading } from '../components/PageHeading';
import { Skeleton } from '../components/Skeleton';
import { Warning } from '../components/Warning';
import { saveFile } from '../download';
import { formatDate, t } from '../i18n';
import { ta } from '../i18n/access';
import { describeError } from '../i18n/labels';
import { tr } from '../i18n/reviews';
import { personPath, resourcePath, reviewPath } from '../paths';
import { client, session } from '../services';
import { countAccess, createAccessModel } from '../state/access';
import { signInState } from '../state/last-seen';
import './access.css';
import { MoreItems } from '../components/MoreItems';

const model = createAccessModel(accessApi(client));

export function AccessOverview() {
  const m = ta().overview;
  useEffect(() => {
    void model.load();
    return model.cancelPending;
  }, []);

  async function exportCsv() {
    const csv = await model.exportCsv();
    if (csv) saveFile(csv, m.fileName);
  }

  const exportError = model.exportError.value;
  return (
    <>
      <PageHeading title={m.title} />
      <p class="muted">{m.intro}</p>
      <div class="access-tools">
        <search class="access-search">
          <form
            class="field"
            onSubmit={(event) => {
              event.preventDefault();
              void model.search();
            }}
          >
            <label for="access-search">{m.search}</label>
            <input
              id="access-search"
              type="search"
              enterKeyHint="search"
              autocomplete="off"
              placeholder={m.searchPlaceholder}
              value={model.query}
              onInput={(event) => model.setQuery(event.currentTarget.value)}
            />
          </form>
        </search>
        <button
          type="button"
          class="button button-secondary"
          onClick={() => void exportCsv()}
          disabled={model.exporting.value}
          aria-busy={model.exporting.value}
        >
          {model.exporting.value ? m.exporting : m.export}
        </button>
      </div>
      {exportError !== null && (
        <p class="field-error" role="alert">
          {m.exportFailed}: {describeError(exportError).message}
        </p>
      )}
      <OverdueReviews />
      <OverviewBody />
    </>
  );
}

/**
 * What the user administers whose access review is overdue (SPEC §10), as the server lists it with the first
 * page, the most overdue first: the open review to continue, or the resource's page to start one.
 */
function OverdueReviews() {
  const { total, items } = model.overdueReviews.value;
  if (items.length === 0) return null;
  const m = tr().overview;
  return (
    <Warning title={m.overdue}>
      <ul class="list">
        {items.map(({ resource, reviewId, dueAt }) => (
          <li key={resource.id}>
            <a class="row" href={reviewId ? reviewPath(reviewId) : resourcePath(resource.kind, resource.id)}>
              <span class="row-main">
                <span class="row-title">{resource.name}</span>
                <span class="muted small">
                  {t.kinds[resource.kind]} ·{' '}
                  {reviewId ? m.overdueRow(formatDate(dueAt)) : m.overdueNotStarted(formatDate(dueAt))}
                </span>
              </span>
              <span class="row-chevron" aria-hidden="true">
                ›
              </span>
            </a>
          </li>
        ))}
      </ul>
      {total > items.length && <p class="muted small">{m.overdueMore(total - items.length)}</p>}
    </Warning>
  );
}

function OverviewBody() {
  const m = ta().overview;
  const status = model.status.value;
  if (status === 'idle' || status === 'loading') return <Skeleton rows={4} />;
  if (status === 'error') {
    return <ErrorState title={m.loadFailed} error={model.error.value} onRetry={() => void model.load()} />;
  }
  const people = model.people.value;
  const query = model.shownQuery.value;
  const resourceCount = model.resourceCount.value;
  return (
    <section aria-labelledby="access-people">
      <h2 id="access-people" class="visually-hidden">
        {m.title}
      </h2>
      <p class="muted small" aria-live="polite">
        {m.counts(people.length, resourceCount)}
      </p>
      {people.length === 0 ? (
        <EmptyPeople query={query} resourceCount={resourceCount} />
      ) : (
        <ul class="list">
          {people.map((person) => (
            <li key={person.userId}>
              <PersonRow person={person} />
            </li>
          ))}
        </ul>
      )}
      <MoreItems source={model} label={m.more} loadingLabel={m.loadingMore} failedLabel={m.moreFailed} />
    </section>
  );
}

function EmptyPeople({ query, resourceCount }: { query: string; resourceCount: number }) {
  const m = ta().overview;
  if (query) {
    return (
      <EmptyState title={m.noMatch(query)}>
        <p class="muted small">{m.noMatchBody}</p>
      </EmptyState>
    );
  }
  if (resourceCount === 0) {
    return (
      <EmptyState title={m.noResources}>
        <p class="muted small">{m.noResourcesBody}</p>
      </EmptyState>
    );
  }
  return <EmptyState title={m.noPeople} />;
}

function PersonRow({ person }: { person: Person }) {
  const m = ta().overview;
  const { accounts, groups } = countAccess(person);
  const isYou = person.userId === session.user.value?.id;
  const signIn = signInState(person.lastSeenAt, Date.now());
  return (
    <a class="row" href={personPath(person.userId)}>
      <Avatar name={person.displayName} pictureUrl={person.pictureUrl} />
      <span class="row-main">
        <span class="row-title">
          {person.displayName}
          {isYou && <span class="muted small"> {m.you}</span>}
        </span>
        <span class="muted small">{m.personCounts(accounts, groups)}</span>
        {signIn !== 'recent' && (
          <span class="warning-text small">
            <span aria-hidden="true">⚠ </span>
            {m.signIn[signIn]}
          </span>
        )}
      </span>
      <span class="row-chevron" aria-hidden="true">
        ›
      </span>
    </a>
  );
}
