import { useLayoutEffect } from 'preact/hooks';
import { type AuditEvent, auditApi } from '../api/audit';
import { resourcesApi } from '../api/resources';
import type { ResourceKind } from '../api/types';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { PageHeading } from '../components/PageHeading';
import { Skeleton } from '../components/Skeleton';
import { t } from '../i18n';
import { describeEvent } from '../i18n/events';
import { formatDateTime, tm } from '../i18n/manage';
import { resourcePath } from '../paths';
import { client } from '../services';
import { createHistoryModel } from '../state/history';
import { createLoadable } from '../state/load';
import '../components/manage.css';
import { MoreItems } from '../components/MoreItems';

const model = createHistoryModel(auditApi(client));

type Props = { id: string };

export function AccountHistoryPage({ id }: Props) {
  return <HistoryPage kind="account" id={id} />;
}

export function GroupHistoryPage({ id }: Props) {
  return <HistoryPage kind="group" id={id} />;
}

const resources = resourcesApi(client);
/** The resource's name, for the back link: asked beside the first page of events. */
const resourceName = createLoadable<string>();

function HistoryPage({ kind, id }: { kind: ResourceKind; id: string }) {
  useLayoutEffect(() => {
    void model.load(kind, id);
    void resourceName.run(async () => (await resources.detail(kind, id)).resource.name, false);
  }, [kind, id]);
  const m = tm().history;
  const name = resourceName.data.value;

  return (
    <>
      <a class="back-link" href={resourcePath(kind, id)}>
        ‹ {name ? tm().member.backTo(name) : t.kinds[kind]}
      </a>
      <PageHeading title={m.title} />
      <HistoryBody kind={kind} id={id} />
    </>
  );
}

function HistoryBody({ kind, id }: { kind: ResourceKind; id: string }) {
  const m = tm().history;
  const status = model.status.value;
  if (status === 'idle' || status === 'loading') return <Skeleton rows={5} />;
  if (status === 'forbidden') {
    return (
      <EmptyState title={m.adminsOnly}>
        <p>{m.adminsOnlyBody}</p>
      </EmptyState>
    );
  }
  if (status === 'not-found') {
    return (
      <EmptyState title={t.resource.notFound}>
        <p>{t.resource.notFoundBody}</p>
      </EmptyState>
    );
  }
  if (status === 'error') {
    return (
      <ErrorState title={m.loadFailed} error={model.error.value} onRetry={() => void model.load(kind, id)} />
    );
  }
  const events = model.events.value;
  return (
    <>
      <p class="muted small">{m.intro}</p>
      <ChainCheck />
      {events.length === 0 ? (
        <EmptyState title={m.empty} />
      ) : (
        <ol class="list" aria-label={m.title}>
          {events.map((event) => (
            <li key={event.seq}>
              <EventRow event={event} kind={kind} />
            </li>
          ))}
        </ol>
      )}
      <MoreItems source={model} label={m.more} loadingLabel={m.loadingMore} failedLabel={m.moreFailed} />
    </>
  );
}

function EventRow({ event, kind }: { event: AuditEvent; kind: ResourceKind }) {
  const { summary, change } = describeEvent(event, kind);
  return (
    <div class="event">
      <span>{summary}</span>
      {change && <span class="event-change small">{change}</span>}
      <span class="event-meta muted small">
        <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
        <span>{tm().history.seq(event.seq)}</span>
      </span>
    </div>
  );
}

/** 改ざんチェック: the server recomputes every hash of the chain. */
function ChainCheck() {
  const m = tm().history;
  const status = model.checkStatus.value;
  const result = model.check.value;
  const checking = status === 'checking';
  return (
    <div class="panel">
      <p class="muted small">{m.verifyHint}</p>
      <button
        type="button"
        class="button button-secondary"
        onClick={() => void model.verify()}
        disabled={checking}
        aria-busy={checking}
      >
        {checking ? m.verifying : m.verify}
      </button>
      <div role="status">
        {result?.ok === true && <p class="notice">{m.verifyOk(result.events)}</p>}
        {result?.ok === false && (
          <p class="warning warning-text">
            <span aria-hidden="true">⚠ </span>
            {m.verifyBroken('brokenAt' in result ? result.brokenAt : result.events + 1, result.events)}
          </p>
        )}
      </div>
      {status === 'error' && <ErrorState title={m.verifyFailed} error={model.checkError.value} />}
    </div>
  );
}
