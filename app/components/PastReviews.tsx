import { useEffect } from 'preact/hooks';
import { type PastReview, reviewsApi } from '../api/reviews';
import type { ResourceKind } from '../api/types';
import { safeFileName, saveFile } from '../download';
import { formatDate } from '../i18n';
import { describeError } from '../i18n/labels';
import { tr } from '../i18n/reviews';
import { reviewPath } from '../paths';
import { client } from '../services';
import { createPastReviewsModel } from '../state/past-reviews';
import { stillFinishing } from '../state/review';
import { MoreItems } from './MoreItems';
import './small-button.css';

const reviews = reviewsApi(client);
const model = createPastReviewsModel({ list: reviews.past, exportCsv: reviews.exportCsv });

/**
 * The 棚卸し section's record: each completed review of the resource, what it did, and its CSV for an
 * auditor. `openReviewId` reloads it when a review opens or completes.
 */
export function PastReviews({
  kind,
  id,
  name,
  openReviewId,
}: {
  kind: ResourceKind;
  id: string;
  name: string;
  openReviewId: string | null;
}) {
  useEffect(() => {
    void model.load(kind, id);
  }, [kind, id, openReviewId]);
  const p = tr().panel;
  const status = model.status.value;
  if (status === 'error') {
    return (
      <p class="field-error" role="alert">
        {p.pastLoadFailed}: {describeError(model.error.value).message}
      </p>
    );
  }
  if (status !== 'ready') return null;
  // The open review, if any, is on the panel above; the pages bring it along with the completed ones.
  const completed = model.reviews.value.filter((review) => review.status === 'completed');
  return (
    <section aria-labelledby="past-reviews">
      <h3 id="past-reviews">{p.past}</h3>
      {completed.length === 0 && !model.hasMore.value ? (
        <p class="muted small">{p.pastNone}</p>
      ) : (
        <ul class="list">
          {completed.map((review) => (
            <li key={review.id} class="row-stack">
              <PastRow review={review} name={name} />
            </li>
          ))}
        </ul>
      )}
      <MoreItems
        source={model}
        label={p.pastMore}
        loadingLabel={p.pastLoadingMore}
        failedLabel={p.pastMoreFailed}
      />
    </section>
  );
}

function PastRow({ review, name }: { review: PastReview; name: string }) {
  const p = tr().panel;
  const date = formatDate(review.completedAt ?? review.startedAt);
  const { kept, removed, refused, pending } = review.counts;
  const failure = model.exportError.value;
  const exporting = model.exporting.value === review.id;
  async function exportCsv() {
    const csv = await model.exportCsv(review.id);
    if (csv) saveFile(csv, safeFileName(tr().screen.fileName(name)));
  }
  return (
    <>
      <div class="row">
        <a class="row-main past-review" href={reviewPath(review.id)}>
          <span class="row-title">{p.pastCompleted(date, review.completedBy?.displayName ?? null)}</span>
          <span class="muted small">{p.pastCounts(kept, removed, refused)}</span>
          {pending > 0 &&
            // Completed under a minute ago: the completion is most likely still removing them.
            (stillFinishing(review.completedAt, Date.now()) ? (
              <span class="muted small">{p.pastFinishing(pending)}</span>
            ) : (
              <span class="warning-text small">
                <span aria-hidden="true">⚠ </span>
                {p.pastPending(pending)}
              </span>
            ))}
        </a>
        <button
          type="button"
          class="button button-secondary button-small"
          aria-label={p.csvLabel(date)}
          disabled={model.exporting.value !== null}
          aria-busy={exporting}
          onClick={() => void exportCsv()}
        >
          {exporting ? p.exporting : p.csv}
        </button>
      </div>
      {failure?.reviewId === review.id && (
        <p class="field-error" role="alert">
          {p.exportFailed}: {describeError(failure.cause).message}
        </p>
      )}
    </>
  );
}
