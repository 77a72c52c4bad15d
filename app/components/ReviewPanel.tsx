import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { resourcesApi } from '../api/resources';
import { reviewsApi } from '../api/reviews';
import type { ResourceDetail } from '../api/types';
import { formatDate } from '../i18n';
import { describeError } from '../i18n/labels';
import { tr } from '../i18n/reviews';
import { reviewPath } from '../paths';
import { client } from '../services';
import { createReviewStartModel, isOverdue } from '../state/review';
import { PastReviews } from './PastReviews';
import '../pages/review.css';

const reviews = reviewsApi(client);
const resources = resourcesApi(client);
const model = createReviewStartModel({
  start: reviews.start,
  openReviewId: async (kind, id) => (await resources.detail(kind, id)).review?.openReviewId ?? null,
  setCadence: reviews.setCadence,
});

/** Days a resource's admin may choose between reviews (the API takes 7 to 730). */
const CADENCES = [30, 60, 90, 180, 365];

/**
 * The account (group) page's 棚卸し section, for its admins: the cadence, when the next review is due,
 * 「棚卸しを始める」, or 「棚卸しを続ける」 while one is open, and the completed ones with their CSV.
 */
export function ReviewPanel({ detail, onChanged }: { detail: ResourceDetail; onChanged: () => void }) {
  const { route } = useLocation();
  // Another resource's failed attempt is not this one's.
  useEffect(() => model.reset(), [detail.resource.id]);
  const state = detail.review;
  if (!state) return null;
  const p = tr().panel;
  const { kind, id } = detail.resource;
  const open = state.openReviewId;
  const overdue = isOverdue(state.dueAt, Date.now());
  const canChangeCadence = detail.capabilities.includes('manage_settings');
  const cadences = CADENCES.includes(state.everyDays)
    ? CADENCES
    : [...CADENCES, state.everyDays].sort((a, b) => a - b);
  const startError = model.startError.value;
  const cadenceError = model.cadenceError.value;

  async function start() {
    const reviewId = await model.start(kind, id);
    if (reviewId) route(reviewPath(reviewId));
  }

  async function changeCadence(everyDays: number) {
    if (await model.setCadence(kind, id, everyDays)) onChanged();
  }

  return (
    <section aria-labelledby="resource-review" class="review-panel">
      <h2 id="resource-review">{p.title}</h2>
      <p class="muted small">{p.intro}</p>
      <dl class="facts">
        <dt>{p.cadence}</dt>
        <dd>
          {canChangeCadence ? (
            <select
              aria-label={p.cadenceLabel}
              value={state.everyDays}
              disabled={model.savingCadence.value}
              aria-busy={model.savingCadence.value}
              onChange={(event) => void changeCadence(Number(event.currentTarget.value))}
            >
              {cadences.map((days) => (
                <option key={days} value={days}>
                  {p.every(days)}
                </option>
              ))}
            </select>
          ) : (
            p.every(state.everyDays)
          )}
          {model.savingCadence.value && <span class="muted small"> {p.savingCadence}</span>}
        </dd>
        <dt>{open ? p.due : p.nextDue}</dt>
        <dd class={overdue ? 'warning-text' : undefined}>
          {state.dueAt ? formatDate(state.dueAt) : p.notScheduled}
          {overdue && (
            <>
              {' '}
              <span aria-hidden="true">⚠ </span>
              {p.overdue}
            </>
          )}
        </dd>
      </dl>
      {cadenceError !== null && (
        <p class="field-error" role="alert">
          {p.cadenceFailed}: {describeError(cadenceError).message}
        </p>
      )}
      {open ? (
        <>
          <p class="small">{p.openNow}</p>
          <a class="button" href={reviewPath(open)}>
            {p.continue}
          </a>
        </>
      ) : (
        <button
          type="button"
          class="button"
          disabled={model.starting.value}
          aria-busy={model.starting.value}
          onClick={() => void start()}
        >
          {model.starting.value ? p.starting : p.start}
        </button>
      )}
      {startError !== null && (
        <p class="field-error" role="alert">
          {p.startFailed}: {describeError(startError).message}
        </p>
      )}
      <PastReviews kind={kind} id={id} name={detail.resource.name} openReviewId={open} />
    </section>
  );
}
