import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import { type Decision, type ReviewItem, reviewsApi } from '../api/reviews';
import type { ResourceKind } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { PageHeading } from '../components/PageHeading';
import { RoleBadge } from '../components/RoleBadge';
import { Skeleton } from '../components/Skeleton';
import { Warning } from '../components/Warning';
import { safeFileName, saveFile } from '../download';
import { formatDate, t } from '../i18n';
import { describeError, grantSource, roleLabel } from '../i18n/labels';
import { reviewRefusal, tr } from '../i18n/reviews';
import { resourcePath } from '../paths';
import { client, session } from '../services';
import { signInState } from '../state/last-seen';
import { createReviewModel, isOverdue, onlyThroughGroups } from '../state/review';
import '../components/manage.css';
import './review.css';

const model = createReviewModel(reviewsApi(client));

/** /reviews/:reviewId: one access review (SPEC §10), to decide while open, its result once completed. */
export function ReviewPage({ reviewId }: { reviewId: string }) {
  // Before the paint, so that another review does not flash under this URL.
  useLayoutEffect(() => {
    void model.load(reviewId);
  }, [reviewId]);

  const m = tr().screen;
  const status = model.status.value;
  const review = model.review.value;
  if (status === 'not-found') {
    return (
      <>
        <PageHeading title={m.notFound} />
        <p>{m.notFoundBody}</p>
        <a class="button" href="/">
          {t.back}
        </a>
      </>
    );
  }
  if (status === 'error') {
    return (
      <ErrorState title={m.loadFailed} error={model.error.value} onRetry={() => void model.load(reviewId)} />
    );
  }
  if (status !== 'ready' || !review) return <Skeleton rows={5} />;

  const { resource } = review;
  return (
    <>
      <a class="back-link" href={resourcePath(resource.kind, resource.id)}>
        {m.back(resource.name)}
      </a>
      <p class="muted small">
        {t.kinds[resource.kind]} · {resource.name}
      </p>
      <PageHeading title={m.title} />
      <ReviewFacts />
      {model.readOnly.value ? <Result /> : <OpenReview kind={resource.kind} />}
    </>
  );
}

function ReviewFacts() {
  const m = tr().screen;
  const review = model.review.value;
  if (!review) return null;
  const started = formatDate(review.startedAt);
  const completed = review.completedAt ? formatDate(review.completedAt) : null;
  const overdue = review.status === 'open' && isOverdue(review.dueAt, Date.now());
  return (
    <div class="review-facts">
      <p class="muted small">
        {review.startedBy ? m.startedBy(review.startedBy.displayName, started) : m.startedBySchedule(started)}
      </p>
      {completed ? (
        <p class="muted small">
          {review.completedBy
            ? m.completedBy(review.completedBy.displayName, completed)
            : m.completedAt(completed)}
        </p>
      ) : (
        <p class={overdue ? 'warning-text small' : 'muted small'}>
          {overdue && <span aria-hidden="true">⚠ </span>}
          {m.due(formatDate(review.dueAt))}
          {overdue && ` · ${m.overdue}`}
        </p>
      )}
    </div>
  );
}

function Progress() {
  const m = tr().screen;
  const { total, decided, keep, remove } = model.progress.value;
  return (
    <div class="review-progress" aria-live="polite">
      <p class="review-progress-text">
        <strong>{m.progress(total, decided)}</strong>
        <span class="muted small"> {m.counts(keep, remove)}</span>
      </p>
      <progress max={total || 1} value={decided} aria-label={m.progress(total, decided)} />
    </div>
  );
}

function OpenReview({ kind }: { kind: ResourceKind }) {
  const m = tr().screen;
  const review = model.review.value;
  if (!review) return null;
  return (
    <>
      <p class="small">{m.intro}</p>
      <Progress />
      {review.items.length === 0 ? (
        <EmptyState title={m.empty} />
      ) : (
        <ul class="list review-items">
          {review.items.map((item) => (
            <li key={item.userId}>
              <PersonRow item={item} kind={kind} />
            </li>
          ))}
        </ul>
      )}
      <Finish />
    </>
  );
}

function PersonRow({ item, kind }: { item: ReviewItem; kind: ResourceKind }) {
  const m = tr().screen;
  const busy = model.deciding.value.get(item.userId);
  const failure = model.rowErrors.value.get(item.userId);
  const isYou = item.userId === session.user.value?.id;
  const headingId = `review-${item.userId}`;
  return (
    <div class="review-item">
      <div class="review-person">
        <span class="row-title" id={headingId}>
          {item.displayName}
          {isYou && <span class="muted small"> {m.you}</span>}
        </span>
        <RoleBadge role={item.role} kind={kind} />
      </div>
      <ul class="review-grants small">
        {item.grants.map((grant) => (
          <li key={grant.source === 'group' ? grant.group.id : 'direct'}>
            {roleLabel(grant.role, kind)} · {grantSource(grant)}
          </li>
        ))}
      </ul>
      <p class="muted small">{m.since(formatDate(item.since))}</p>
      <LastSignIn lastSeenAt={item.lastSeenAt} />
      {item.decision === 'remove' && onlyThroughGroups(item) && (
        <p class="warning-text small">{m.viaGroupOnly}</p>
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: a pair of toggle buttons, not a form's fieldset */}
      <div class="review-decide" role="group" aria-labelledby={headingId}>
        <DecisionButton item={item} decision="keep" busy={busy} />
        <DecisionButton item={item} decision="remove" busy={busy} />
      </div>
      {failure !== undefined && (
        <p class="field-error" role="alert">
          {m.decideFailed}: {describeError(failure).message}
        </p>
      )}
    </div>
  );
}

function DecisionButton({
  item,
  decision,
  busy,
}: {
  item: ReviewItem;
  decision: Decision;
  busy: Decision | undefined;
}) {
  const m = tr().screen;
  const chosen = item.decision === decision;
  const sending = busy === decision;
  return (
    <button
      type="button"
      class={`button review-choice review-${decision}${chosen ? ' is-chosen' : ''}`}
      aria-pressed={chosen}
      aria-busy={sending}
      disabled={busy !== undefined}
      onClick={() => void model.decide(item.userId, decision)}
    >
      {sending ? m.saving : decision === 'keep' ? m.keep : m.remove}
    </button>
  );
}

function LastSignIn({ lastSeenAt }: { lastSeenAt: string | null }) {
  const m = tr().screen;
  const state = signInState(lastSeenAt, Date.now());
  if (state === 'never') return <p class="warning-text small">{m.never}</p>;
  const date = m.lastSeen(formatDate(lastSeenAt ?? ''));
  if (state === 'recent') return <p class="muted small">{date}</p>;
  return (
    <p class="warning-text small">
      <span aria-hidden="true">⚠ </span>
      {m.stale} · {date}
    </p>
  );
}

/** 「残りをすべて残す」, then 「棚卸しを完了する」 with a confirmation that says who loses access. */
function Finish() {
  const m = tr().screen;
  const [confirming, setConfirming] = useState(false);
  const review = model.review.value;
  if (!review) return null;
  const { total, decided, keep } = model.progress.value;
  const undecided = total - decided;
  const removing = review.items.filter((item) => item.decision === 'remove');
  const selfRemoved = removing.some((item) => item.userId === session.user.value?.id);
  const keepRestFailure = model.keepRestError.value;
  const failure = model.completeError.value;
  const busy = model.keepingRest.value || model.completing.value;
  return (
    <section class="review-finish" aria-label={m.complete}>
      {undecided > 0 && (
        <div>
          <button
            type="button"
            class="button button-secondary"
            disabled={busy}
            aria-busy={model.keepingRest.value}
            aria-describedby="keep-rest-hint"
            onClick={() => void model.keepRest()}
          >
            {model.keepingRest.value ? m.keepingRest : m.keepRest}
          </button>
          <p id="keep-rest-hint" class="muted small">
            {m.keepRestHint(undecided)}
          </p>
        </div>
      )}
      <div>
        <button
          type="button"
          class="button"
          disabled={undecided > 0 || busy}
          aria-describedby={undecided > 0 ? 'complete-hint' : undefined}
          onClick={() => setConfirming(true)}
        >
          {m.complete}
        </button>
        {undecided > 0 && (
          <p id="complete-hint" class="muted small">
            {m.completeHint(undecided)}
          </p>
        )}
      </div>
      {keepRestFailure !== null && (
        <p class="field-error" role="alert">
          {m.keepRestFailed}: {describeError(keepRestFailure).message}
        </p>
      )}
      {failure !== null && !confirming && (
        <p class="field-error" role="alert">
          {m.completeFailed}: {describeError(failure).message}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title={m.confirmTitle}
        confirmLabel={m.confirm}
        busyLabel={m.completing}
        busy={model.completing.value}
        cancelLabel={m.cancel}
        onConfirm={async () => {
          const done = await model.complete();
          if (done) setConfirming(false);
        }}
        onClose={() => setConfirming(false)}
      >
        {removing.length > 0 ? (
          <>
            <p>{m.confirmRemove(removing.length)}</p>
            <ul class="loss-list">
              {removing.map((item) => (
                <li key={item.userId}>{item.displayName}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>{m.confirmNone}</p>
        )}
        <p>{m.confirmKeep(keep)}</p>
        {selfRemoved && <p class="warning-text">{m.confirmSelf}</p>}
        <p class="muted small">{m.confirmFinal}</p>
        {failure !== null && (
          <p class="field-error" role="alert">
            {m.completeFailed}: {describeError(failure).message}
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}

/** A completed review: what was removed, what could not be and why, who was kept; and the CSV. */
function Result() {
  const m = tr().screen;
  const outcomes = model.outcomes.value;
  const review = model.review.value;
  if (!outcomes || !review) return null;
  return (
    <>
      {model.justCompleted.value ? (
        <p class="notice" role="status">
          {m.done}
        </p>
      ) : (
        <p class="muted small">{m.readOnly}</p>
      )}
      {outcomes.pending.length > 0 &&
        (model.finishing.value ? (
          <p class="notice" role="status">
            {m.stillFinishing(outcomes.pending.length)}
          </p>
        ) : (
          <PendingRemovals people={outcomes.pending} />
        ))}
      <OutcomeList title={m.removed} count={outcomes.removed.length}>
        {outcomes.removed.map((person) => (
          <li key={person.userId} class="row">
            <span class="row-main">
              <span class="row-title">{person.displayName}</span>
              {person.throughGroups.length > 0 && (
                <span class="muted small">
                  {m.stillThrough(person.throughGroups.map((group) => group.name))}
                </span>
              )}
            </span>
          </li>
        ))}
      </OutcomeList>
      <OutcomeList title={m.refused} count={outcomes.refused.length} warn>
        {outcomes.refused.map((person) => (
          <li key={person.userId} class="row">
            <span class="row-main">
              <span class="row-title">{person.displayName}</span>
              <span class="small">{reviewRefusal(person.code)}</span>
            </span>
          </li>
        ))}
      </OutcomeList>
      <OutcomeList title={m.kept} count={outcomes.kept.length}>
        {outcomes.kept.map((person) => (
          <li key={person.userId} class="row">
            <span class="row-title">{person.displayName}</span>
          </li>
        ))}
      </OutcomeList>
      <ExportReview name={review.resource.name} />
    </>
  );
}

/**
 * A completion cut off before it removed everyone marked remove (the server stopped): said plainly, with the
 * one action that finishes it; completing again removes exactly those still pending.
 */
function PendingRemovals({ people }: { people: ReadonlyArray<{ userId: string; displayName: string }> }) {
  const m = tr().screen;
  const failure = model.completeError.value;
  return (
    <Warning title={m.pendingTitle(people.length)}>
      <p class="small">{m.pendingBody}</p>
      <ul class="list">
        {people.map((person) => (
          <li key={person.userId} class="row">
            <span class="row-title">{person.displayName}</span>
          </li>
        ))}
      </ul>
      <button
        type="button"
        class="button"
        disabled={model.completing.value}
        aria-busy={model.completing.value}
        onClick={() => void model.complete()}
      >
        {model.completing.value ? m.finishing : m.finish}
      </button>
      {failure !== null && (
        <p class="field-error" role="alert">
          {m.finishFailed}: {describeError(failure).message}
        </p>
      )}
    </Warning>
  );
}

function OutcomeList({
  title,
  count,
  warn = false,
  children,
}: {
  title: string;
  count: number;
  warn?: boolean;
  children: ComponentChildren;
}) {
  const m = tr().screen;
  const id = `outcome-${title}`;
  return (
    <section aria-labelledby={id}>
      <div class="section-head">
        <h2 id={id} class={warn && count > 0 ? 'warning-text' : undefined}>
          {title}
        </h2>
        <span class="muted small">{m.count(count)}</span>
      </div>
      {count === 0 ? <p class="muted small">{m.nobody}</p> : <ul class="list">{children}</ul>}
    </section>
  );
}

function ExportReview({ name }: { name: string }) {
  const m = tr().screen;
  const failure = model.exportError.value;
  async function exportCsv() {
    const csv = await model.exportCsv();
    if (csv) saveFile(csv, safeFileName(m.fileName(name)));
  }
  return (
    <div class="export-csv">
      <button
        type="button"
        class="button button-secondary"
        disabled={model.exporting.value}
        aria-busy={model.exporting.value}
        aria-describedby="review-export-hint"
        onClick={() => void exportCsv()}
      >
        {model.exporting.value ? m.exporting : m.export}
      </button>
      <p id="review-export-hint" class="muted small">
        {m.exportHint}
      </p>
      {failure !== null && (
        <p class="field-error" role="alert">
          {m.exportFailed}: {describeError(failure).message}
        </p>
      )}
    </div>
  );
}
