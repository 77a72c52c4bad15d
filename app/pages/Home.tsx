import { type ReadonlySignal, signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { MyResource, PendingRequest, ResourceKind, WaitingRequest } from '../api/types';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { PageHeading } from '../components/PageHeading';
import { RoleBadge } from '../components/RoleBadge';
import { Skeleton } from '../components/Skeleton';
import { formatDate, t } from '../i18n';
import { grantSource, roleLabel } from '../i18n/labels';
import { resourcePath, reviewPath } from '../paths';
import { home } from '../services';
import { waitingCount } from '../state/home';

export function Home() {
  useEffect(() => {
    void home.load();
  }, []);
  return (
    <>
      <div class="page-head">
        <PageHeading title={t.home.title} />
        <div class="actions">
          <a class="button" href="/accounts/new">
            {t.home.register}
          </a>
          <a class="button button-secondary" href="/groups/new">
            {t.home.createGroup}
          </a>
        </div>
      </div>
      <HomeBody />
    </>
  );
}

function HomeBody() {
  const status = home.status.value;
  if (status === 'idle' || status === 'loading') return <Skeleton rows={3} />;
  if (status === 'error') {
    return <ErrorState title={t.home.loadFailed} error={home.error.value} onRetry={() => void home.load()} />;
  }
  if (home.isEmpty.value) {
    return (
      <>
        <EmptyState title={t.home.emptyTitle}>
          <p>{t.home.emptyBody}</p>
        </EmptyState>
        <Extras />
      </>
    );
  }
  return (
    <>
      {home.hasWaiting.value && <WaitingSection />}
      {home.administers.value && <AccessCard />}
      <ResourceSection kind="account" title={t.home.accounts} />
      <ResourceSection kind="group" title={t.home.groups} />
      <PendingSection requests={home.pendingRequests} />
      <Extras />
    </>
  );
}

/**
 * What ホーム shows below its lists, after its data: whether LINE notifications reach the person (with the
 * switch), and in the demo the way to what "LINE" received. A chunk of its own: the first screen does not
 * wait for it, and the entry stays small.
 */
const extras = signal<typeof import('./HomeExtras') | null>(null);

function Extras() {
  useEffect(() => {
    if (!extras.value) import('./HomeExtras').then((module) => (extras.value = module), console.warn);
  }, []);
  const Loaded = extras.value;
  return Loaded ? <Loaded.HomeExtras /> : null;
}

/** Join requests the person decides and invites of theirs about to expire: each opens where it is handled. */
function WaitingSection() {
  const { requests, expiringInvites, reviews } = home.waiting.value;
  return (
    <section aria-labelledby="home-waiting" class="waiting">
      <div class="section-head">
        <h2 id="home-waiting">{t.home.waiting}</h2>
        <span class="muted small">{t.home.count(waitingCount(home.waiting.value))}</span>
      </div>
      <WaitingList title={t.home.waitingReviews} total={reviews.total} shown={reviews.items.length}>
        {reviews.items.map(({ id, resource, dueAt, overdue }) => (
          <WaitingRow
            key={id}
            resource={resource}
            href={reviewPath(id)}
            warn={overdue}
            detail={overdue ? t.home.reviewOverdue(formatDate(dueAt)) : t.home.reviewDue(formatDate(dueAt))}
          />
        ))}
      </WaitingList>
      <WaitingList title={t.home.waitingRequests} total={requests.total} shown={requests.items.length}>
        {requests.items.map(({ id, resource, requester, role }) => (
          <WaitingRow
            key={id}
            resource={resource}
            detail={t.home.waitingRequest(requester.displayName, roleLabel(role, resource.kind))}
          />
        ))}
      </WaitingList>
      <WaitingList
        title={t.home.waitingInvites}
        total={expiringInvites.total}
        shown={expiringInvites.items.length}
      >
        {expiringInvites.items.map(({ id, resource, role, expiresAt }) => (
          <WaitingRow
            key={id}
            resource={resource}
            detail={t.home.waitingInvite(
              roleLabel(role, resource.kind),
              t.home.minutesLeft(minutesUntil(expiresAt)),
            )}
          />
        ))}
      </WaitingList>
    </section>
  );
}

function WaitingList({
  title,
  total,
  shown,
  children,
}: {
  title: string;
  total: number;
  shown: number;
  children: ComponentChildren;
}) {
  if (total === 0) return null;
  return (
    <>
      <h3 class="small">
        {title} <span class="muted">{t.home.count(total)}</span>
      </h3>
      <ul class="list">{children}</ul>
      {total > shown && <p class="muted small">{t.home.pendingMore(total - shown)}</p>}
    </>
  );
}

/**
 * A row of what waits: the resource, and what about it; it opens where it is handled (the resource's page,
 * or the review).
 */
function WaitingRow({
  resource,
  detail,
  href = resourcePath(resource.kind, resource.id),
  warn = false,
}: {
  resource: WaitingRequest['resource'];
  detail: string;
  href?: string;
  warn?: boolean;
}) {
  return (
    <li>
      <a class="row" href={href}>
        <span class="row-main">
          <span class="row-title">{resource.name}</span>
          <span class={warn ? 'warning-text small' : 'muted small'}>
            {warn && <span aria-hidden="true">⚠ </span>}
            {detail}
          </span>
        </span>
        <span aria-hidden="true">›</span>
      </a>
    </li>
  );
}

function minutesUntil(iso: string): number {
  return Math.floor((Date.parse(iso) - Date.now()) / 60_000);
}

/** The lists past their first page, and their search: a chunk of its own, loaded only when needed. */
const lists = signal<typeof import('./HomeLists') | null>(null);
let listsRequested = false;

function loadLists(): void {
  if (listsRequested) return;
  listsRequested = true;
  import('./HomeLists').then(
    (module) => {
      lists.value = module;
    },
    () => {
      // Offline or a newer deploy: the first page stays on screen, and the next visit tries again.
      listsRequested = false;
    },
  );
}

function ResourceSection({ kind, title }: { kind: ResourceKind; title: string }) {
  const first = home.firstPages.value[kind];
  const total = kind === 'account' ? home.summary.value.accounts : home.summary.value.groups;
  const paged = first.nextCursor !== null;
  useEffect(() => {
    if (paged) loadLists();
  }, [paged]);
  if (total === 0) return null;
  const Paged = paged ? lists.value?.HomeList : undefined;
  return (
    <section aria-labelledby={`home-${kind}`}>
      <div class="section-head">
        <h2 id={`home-${kind}`}>{title}</h2>
        <span class="muted small">{t.home.count(total)}</span>
      </div>
      {Paged ? (
        <Paged kind={kind} row={(resource) => <ResourceRow resource={resource} />} />
      ) : (
        <ul class="list">
          {first.resources.map((resource) => (
            <li key={resource.id}>
              <ResourceRow resource={resource} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ResourceRow({ resource }: { resource: MyResource }) {
  return (
    <a class="row" href={resourcePath(resource.kind, resource.id)}>
      <span class="row-main">
        <span class="row-title">{resource.name}</span>
        {resource.basicId && <span class="muted small">{resource.basicId}</span>}
        <span class="muted small">{resource.grants.map(grantSource).join(' · ')}</span>
        {resource.adminCount === 1 && (
          <span class="warning-text small">
            <span aria-hidden="true">⚠ </span>
            {t.singleAdmin}
          </span>
        )}
      </span>
      <RoleBadge role={resource.role} kind={resource.kind} />
    </a>
  );
}

function PendingSection({ requests }: { requests: ReadonlySignal<PendingRequest[]> }) {
  if (requests.value.length === 0) return null;
  const unshown = home.summary.value.pendingRequests - requests.value.length;
  return (
    <section>
      <h2>{t.home.pending}</h2>
      <ul class="list">
        {requests.value.map((request) => (
          <li key={request.id} class="row">
            <span class="row-main">
              <span class="row-title">{request.resource.name}</span>
              <span class="muted small">
                {t.home.pendingRow(roleLabel(request.role, request.resource.kind))}
              </span>
            </span>
          </li>
        ))}
      </ul>
      {unshown > 0 && <p class="muted small">{t.home.pendingMore(unshown)}</p>}
    </section>
  );
}

/** The owner's one tap to everyone with access to what they administer. */
function AccessCard() {
  return (
    <ul class="list access-card">
      <li>
        <a class="row" href="/access">
          <span class="row-main">
            <span class="row-title">{t.home.access}</span>
            <span class="muted small">{t.home.accessHint}</span>
          </span>
          <span aria-hidden="true">›</span>
        </a>
      </li>
    </ul>
  );
}
