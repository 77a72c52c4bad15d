import { useEffect } from 'preact/hooks';
import { accessApi, type Person } from '../api/access';
import { Avatar } from '../components/Avatar';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { PageHeading } from '../components/PageHeading';
import { Skeleton } from '../components/Skeleton';
import { Warning } from '../components/Warning';
import { saveFile } from '../download';
import { formatDate } from '../i18n';
import { ta } from '../i18n/access';
import { describeError } from '../i18n/labels';
import { tr } from '../i18n/reviews';
import { personPath, reviewPath } from '../paths';
import { client, home, session } from '../services';
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
 * Open access reviews past their deadline, of what the user directly administers (SPEC §10), as ホーム
 * received them (`me.waiting.reviews`, the soonest due first).
 */
function OverdueReviews() {
  const overdue = home.waiting.value.reviews.items.filter((review) => review.overdue);
  if (overdue.length === 0) return null;
  const m = tr().overview;
  return (
    <Warning title={m.overdue}>
      <ul class="list">
        {overdue.map((review) => (
          <li key={review.id}>
            <a class="row" href={reviewPath(review.id)}>
              <span class="row-main">
                <span class="row-title">{review.resource.name}</span>
                <span class="muted small">{m.overdueRow(formatDate(review.dueAt))}</span>
              </span>
              <span class="row-chevron" aria-hidden="true">
                ›
              </span>
            </a>
          </li>
        ))}
      </ul>
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
