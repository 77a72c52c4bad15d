import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { accessApi, type OffboardCut, type OffboardResult, type PersonAccess } from '../api/access';
import type { Role } from '../api/types';
import { Avatar } from '../components/Avatar';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { addAdminPath } from '../components/LastAdminHelp';
import { PageHeading } from '../components/PageHeading';
import { RoleBadge } from '../components/RoleBadge';
import { Skeleton } from '../components/Skeleton';
import { Warning } from '../components/Warning';
import { t } from '../i18n';
import { refusalText, ta } from '../i18n/access';
import { roleLabel } from '../i18n/labels';
import { tm } from '../i18n/manage';
import { resourcePath } from '../paths';
import { client, session } from '../services';
import { createPersonModel, refusalOf, refusalsAhead, resultReason } from '../state/person';
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

type Named = { resource: { kind: PersonAccess['resource']['kind']; name: string }; role: Role | null };

/** 「アカウント「渋谷店」: 運用担当者」: a resource and the person's role there (or that only invites and
 * requests are ended, where they hold none). */
function describe({ resource, role }: Named): string {
  const what = role ? roleLabel(role, resource.kind) : ta().person.onlyPending;
  return ta().person.entry(t.kinds[resource.kind], resource.name, what);
}

function Offboard({ isYou, name }: { isYou: boolean; name: string }) {
  const m = ta().person;
  const [open, setOpen] = useState(false);
  const sending = model.offboardStatus.value === 'sending';
  const error = model.offboardError.value;
  const plan = model.plan.value;
  const ready = model.planStatus.value === 'ready' && plan !== null;

  // Read when the page shows the section, so what would be refused is said before the tap (issue 14); the
  // dialog reads it again when it opens.
  useEffect(() => {
    if (!isYou) void model.preparePlan();
  }, [isYou]);

  function start() {
    setOpen(true);
    void model.preparePlan();
  }

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
          {!open && <RefusalsAhead />}
          {error !== null && (
            <ErrorState title={m.offboardFailed} error={error} onRetry={() => void model.offboard()} />
          )}
          <div class="actions">
            <button type="button" class="button button-danger" disabled={sending} onClick={start}>
              {m.offboard}
            </button>
          </div>
        </>
      )}
      <ConfirmDialog
        open={open}
        title={m.confirmTitle(name)}
        cancelLabel={ready && plan.empty ? m.close : m.cancel}
        onClose={() => setOpen(false)}
        // The tap is offered only once the plan it carries out is on screen.
        {...(ready && !plan.empty
          ? { confirmLabel: m.confirm, busyLabel: m.removing, busy: sending, onConfirm: () => void confirm() }
          : {})}
      >
        <PlanBody />
      </ConfirmDialog>
    </section>
  );
}

/** What the offboarding cannot do, on the page before anyone taps (the plan the dialog will show too). */
function RefusalsAhead() {
  const w = tm().offboardAhead;
  const ahead = refusalsAhead(model.planStatus.value === 'ready' ? model.plan.value : null);
  if (ahead.length === 0) return null;
  return (
    <Warning title={w.title}>
      <p>{w.body}</p>
      <ul class="confirm-list">
        {ahead.map(({ removal, reason }) => (
          <li key={removal.resource.id}>
            {describe(removal)}: {refusalText(removal.refusal?.code ?? null)}
            {reason === 'last-admin' && (
              <>
                {' '}
                <a href={addAdminPath(removal.resource.kind, removal.resource.id)}>{ta().person.addAdmin}</a>
              </>
            )}
          </li>
        ))}
      </ul>
      {ahead.some(({ reason }) => reason === 'last-admin') && <p class="small">{w.lastAdminHint}</p>}
    </Warning>
  );
}

/** Everything the tap will do, and what it cannot, as the server computed it. */
function PlanBody() {
  const m = ta().person;
  const status = model.planStatus.value;
  const plan = model.plan.value;
  if (status === 'error') {
    return (
      <ErrorState
        title={m.planFailed}
        error={model.planError.value}
        onRetry={() => void model.preparePlan()}
      />
    );
  }
  if (status !== 'ready' || !plan) return <Skeleton rows={3} />;
  return (
    <>
      {plan.empty && <p>{m.nothingToRemove}</p>}
      {plan.removals.length > 0 && (
        <>
          <p>{m.confirmRemoved}</p>
          <ul class="confirm-list">
            {plan.removals.map((removal) => (
              <li key={removal.resource.id}>
                {describe(removal)}
                <Pending invites={removal.revokedInvites} requests={removal.withdrawnRequests} done={false} />
              </li>
            ))}
          </ul>
        </>
      )}
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
      {plan.cuts.length > 0 && (
        <>
          <p>{m.confirmCuts}</p>
          <ul class="confirm-list">
            {plan.cuts.map((cut) => (
              <li key={`${cut.group.id}/${cut.account.id}`}>{m.cut(cut.group.name, cut.account.name)}</li>
            ))}
          </ul>
        </>
      )}
      {plan.refusedRemovals.length + plan.refusedCuts.length > 0 && (
        <>
          <p>{m.confirmRefused}</p>
          <ul class="confirm-list outcome-refused-list">
            {plan.refusedRemovals.map((removal) => (
              <li key={removal.resource.id}>
                {describe(removal)}: {refusalText(removal.refusal?.code ?? null)}
              </li>
            ))}
            {plan.refusedCuts.map((cut) => (
              <li key={`${cut.group.id}/${cut.account.id}`}>
                {m.cutRefused(cut.group.name, cut.account.name)}:{' '}
                {cut.refusal?.code === 'FORBIDDEN' ? m.cutForbidden : refusalText(cut.refusal?.code ?? null)}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** The invites the person issued and the join requests they made there, ended with the removal (rule 10). */
function Pending({ invites, requests, done }: { invites: number; requests: number; done: boolean }) {
  if (invites === 0 && requests === 0) return null;
  return <span class="muted small pending-ended">{ta().person.pending(invites, requests, done)}</span>;
}

function Results() {
  const m = ta().person;
  const heading = useRef<HTMLHeadingElement>(null);
  // The dialog has closed and its button is gone: the focus moves to what happened.
  useEffect(() => heading.current?.focus(), []);
  const cuts = model.cuts.value;
  return (
    <section class="offboard-results" aria-labelledby="offboard-result">
      <h2 id="offboard-result" ref={heading} tabIndex={-1}>
        {m.resultTitle}
      </h2>
      <p role="status">{m.resultSummary(model.counts.value)}</p>
      <ul class="list">
        {model.results.value.map((result) => (
          <li key={result.resource.id}>
            <ResultRow result={result} />
          </li>
        ))}
      </ul>
      {cuts.length > 0 && (
        <>
          <h3>{m.cutsTitle}</h3>
          <ul class="list" aria-label={m.cutsTitle}>
            {cuts.map((cut) => (
              <li key={`${cut.group.id}/${cut.account.id}`}>
                <CutRow cut={cut} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ResultRow({ result }: { result: OffboardResult }) {
  const m = ta().person;
  const { kind, id, name } = result.resource;
  const reason = resultReason(result);
  const refused = reason !== 'removed' && reason !== 'withdrawn' && reason !== 'gone';
  return (
    <div class="result-row">
      <span class="access-kind">{t.kinds[kind]}</span>
      <span class="row-title">
        {name} {result.role && <RoleBadge role={result.role} kind={kind} />}
      </span>
      {(reason === 'removed' || reason === 'withdrawn') && (
        <span class="outcome-removed">
          <span aria-hidden="true">✓ </span>
          {reason === 'removed' ? m.removed : m.withdrawn}
        </span>
      )}
      <Pending invites={result.revokedInvites} requests={result.withdrawnRequests} done />
      {reason === 'gone' && <span class="muted">{m.gone}</span>}
      {reason === 'last-admin' && <span class="outcome-refused">{m.lastAdmin}</span>}
      {reason === 'forbidden' && <span class="outcome-refused">{m.forbidden}</span>}
      {reason === 'other' && (
        <span class="outcome-refused">
          {m.refused}: {refusalText(result.code)}
        </span>
      )}
      {refused && (
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

function CutRow({ cut }: { cut: OffboardCut }) {
  const m = ta().person;
  return (
    <div class="result-row">
      <span class="row-title">{m.cutLine(cut.group.name, cut.account.name)}</span>
      {cut.outcome === 'cut' ? (
        <span class="outcome-removed">
          <span aria-hidden="true">✓ </span>
          {m.cutDone}
        </span>
      ) : (
        <span class="outcome-refused">
          {refusalOf(cut.code) === 'forbidden' ? m.cutNotAllowed : `${m.refused}: ${refusalText(cut.code)}`}
        </span>
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
