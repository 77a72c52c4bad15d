import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { accessApi, type OffboardResult, type PersonAccess } from '../api/access';
import { Avatar } from '../components/Avatar';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { addAdminPath } from '../components/LastAdminHelp';
import { PageHeading } from '../components/PageHeading';
import { RoleBadge } from '../components/RoleBadge';
import { Skeleton } from '../components/Skeleton';
import { t } from '../i18n';
import { ta } from '../i18n/access';
import { roleLabel } from '../i18n/labels';
import { resourcePath } from '../paths';
import { client, session } from '../services';
import { createPersonModel, resultReason } from '../state/person';
import '../components/small-button.css';
import './access.css';

const model = createPersonModel(accessApi(client));

function sourceText(entry: PersonAccess): string {
  return entry.source === 'direct' || !entry.group ? t.source.direct : t.source.viaGroup(entry.group.name);
}

export function PersonPage({ userId }: { userId: string }) {
  const m = ta().person;
  // A layout effect: another person's access must not flash under the new URL.
  useLayoutEffect(() => {
    void model.load(userId);
  }, [userId]);

  const status = model.status.value;
  const back = (
    <a class="back-link" href="/access">
      ‹ {m.backToList}
    </a>
  );
  if (status === 'not-found') {
    return (
      <>
        {back}
        <PageHeading title={m.notFound} />
      </>
    );
  }
  if (status === 'error') {
    return (
      <>
        {back}
        <ErrorState title={m.loadFailed} error={model.error.value} onRetry={() => void model.load(userId)} />
      </>
    );
  }
  if (status !== 'ready') {
    return (
      <>
        {back}
        <Skeleton rows={4} />
      </>
    );
  }
  const person = model.person.value;
  const name = model.name.value;
  const done = model.offboardStatus.value === 'done';
  return (
    <>
      {back}
      <div class="page-head person-head">
        {person && <Avatar name={person.displayName} pictureUrl={person.pictureUrl} />}
        <PageHeading title={name ?? m.noAccess} />
      </div>
      {done && <Results />}
      {done ? (
        <Remaining />
      ) : person ? (
        <>
          <AccessList title={m.access} entries={person.access} />
          <Offboard isYou={userId === session.user.value?.id} name={person.displayName} />
        </>
      ) : (
        <EmptyState title={m.noAccess}>
          <p class="muted small">{m.noAccessBody}</p>
        </EmptyState>
      )}
    </>
  );
}

function AccessList({ title, entries }: { title: string; entries: PersonAccess[] }) {
  return (
    <section>
      <h2>{title}</h2>
      <ul class="list">
        {entries.map((entry) => (
          <li key={`${entry.resource.id}/${entry.group?.id ?? ''}`}>
            <a class="row" href={resourcePath(entry.resource.kind, entry.resource.id)}>
              <span class="row-main">
                <span class="access-kind">{t.kinds[entry.resource.kind]}</span>
                <span class="row-title">{entry.resource.name}</span>
                {entry.resource.basicId && <span class="muted small">{entry.resource.basicId}</span>}
                <span class="muted small">{sourceText(entry)}</span>
              </span>
              <RoleBadge role={entry.role} kind={entry.resource.kind} />
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function describe(entry: PersonAccess): string {
  return `${t.kinds[entry.resource.kind]}「${entry.resource.name}」: ${roleLabel(entry.role, entry.resource.kind)}`;
}

function Offboard({ isYou, name }: { isYou: boolean; name: string }) {
  const m = ta().person;
  const [open, setOpen] = useState(false);
  const plan = model.plan.value;
  const sending = model.offboardStatus.value === 'sending';
  const error = model.offboardError.value;

  async function confirm() {
    await model.offboard();
    setOpen(false);
  }

  return (
    <section class="panel offboard" aria-labelledby="offboard-title">
      <h2 id="offboard-title">{m.offboardTitle}</h2>
      {isYou ? (
        <p class="muted small">{m.selfNote}</p>
      ) : (
        <>
          <p class="muted small">{m.offboardIntro}</p>
          {plan.removed.length === 0 && <p class="small">{m.nothingToRemove}</p>}
          {error !== null && (
            <ErrorState title={m.offboardFailed} error={error} onRetry={() => void model.offboard()} />
          )}
          <div class="actions">
            <button
              type="button"
              class="button button-danger"
              disabled={plan.removed.length === 0 || sending}
              onClick={() => setOpen(true)}
            >
              {m.offboard}
            </button>
          </div>
        </>
      )}
      <ConfirmDialog
        open={open}
        title={m.confirmTitle(name)}
        confirmLabel={m.confirm}
        busyLabel={m.removing}
        busy={sending}
        cancelLabel={m.cancel}
        onConfirm={() => void confirm()}
        onClose={() => setOpen(false)}
      >
        <p>{m.confirmRemoved}</p>
        <ul class="confirm-list">
          {plan.removed.map((entry) => (
            <li key={entry.resource.id}>{describe(entry)}</li>
          ))}
        </ul>
        {plan.endsWithGroup.length > 0 && (
          <>
            <p>{m.confirmEndsWithGroup}</p>
            <ul class="confirm-list">
              {plan.endsWithGroup.map((entry) => (
                <li key={`${entry.resource.id}/${entry.group?.id ?? ''}`}>
                  {describe(entry)} ({sourceText(entry)})
                </li>
              ))}
            </ul>
          </>
        )}
        {plan.stays.length > 0 && (
          <>
            <p>{m.confirmStays}</p>
            <ul class="confirm-list">
              {plan.stays.map((entry) => (
                <li key={`${entry.resource.id}/${entry.group?.id ?? ''}`}>
                  {describe(entry)} ({sourceText(entry)})
                </li>
              ))}
            </ul>
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}

function Results() {
  const m = ta().person;
  const heading = useRef<HTMLHeadingElement>(null);
  // The dialog has closed and its button is gone: the focus moves to what happened.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="offboard-results" aria-labelledby="offboard-result">
      <h2 id="offboard-result" ref={heading} tabIndex={-1}>
        {m.resultTitle}
      </h2>
      <p role="status">{m.resultSummary(model.removedCount.value, model.refusedCount.value)}</p>
      <ul class="list">
        {model.results.value.map((result) => (
          <li key={result.resource.id}>
            <ResultRow result={result} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ResultRow({ result }: { result: OffboardResult }) {
  const m = ta().person;
  const { kind, id, name } = result.resource;
  const reason = resultReason(result);
  return (
    <div class="result-row">
      <span class="access-kind">{t.kinds[kind]}</span>
      <span class="row-title">
        {name} <RoleBadge role={result.role} kind={kind} />
      </span>
      {reason === 'removed' && (
        <span class="outcome-removed">
          <span aria-hidden="true">✓ </span>
          {m.removed}
        </span>
      )}
      {reason === 'gone' && <span class="muted">{m.gone}</span>}
      {reason === 'last-admin' && <span class="outcome-refused">{m.lastAdmin}</span>}
      {reason === 'other' && (
        <span class="outcome-refused">
          {m.refused}: {(result.code && t.errors.codes[result.code]) ?? result.message}
        </span>
      )}
      {(reason === 'last-admin' || reason === 'other') && (
        <div class="actions">
          {reason === 'last-admin' && (
            <a class="button button-small" href={addAdminPath(kind, id)}>
              {m.addAdmin}
            </a>
          )}
          <a class="button button-secondary button-small" href={resourcePath(kind, id)}>
            {m.open(name)}
          </a>
        </div>
      )}
    </div>
  );
}

function Remaining() {
  const m = ta().person;
  const person = model.person.value;
  if (!person || person.access.length === 0) {
    return <p class="notice">{m.remainingNone}</p>;
  }
  return <AccessList title={m.remaining} entries={person.access} />;
}
