import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { PastReview, PastReviews } from '../api/reviews';
import type { ResourceKind } from '../api/types';
import type { LoadStatus } from './load';
import { createPagedList } from './paged';

export type PastReviewsDeps = {
  /** A page of the resource's reviews, the newest first, after `cursor` (null: the first page). */
  list(kind: ResourceKind, id: string, cursor: string | null): Promise<PastReviews>;
  exportCsv(reviewId: string): Promise<Blob>;
};

/**
 * The resource page's record of its access reviews: each completed one, what it did, and its CSV, page by
 * page (「さらに表示」) back to the first review, for an auditor asking for a year or more.
 */
export type PastReviewsModel = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  /** The newest first, every page loaded so far. */
  readonly reviews: ReadonlySignal<PastReview[]>;
  readonly hasMore: ReadonlySignal<boolean>;
  readonly loadingMore: ReadonlySignal<boolean>;
  /** The last 「さらに表示」 failed; the reviews already shown stay. */
  readonly moreError: ReadonlySignal<unknown>;
  /** The review whose CSV is on its way. */
  readonly exporting: ReadonlySignal<string | null>;
  /** The last export that failed, and why. */
  readonly exportError: ReadonlySignal<{ reviewId: string; cause: unknown } | null>;
  /** Loads the resource's newest reviews; the same resource again keeps the list on screen while it loads. */
  load(kind: ResourceKind, id: string): Promise<void>;
  /** The next (older) page, after the last one shown. */
  more(): Promise<void>;
  /** The review's CSV; null when it failed (`exportError` says why) or another is on its way. */
  exportCsv(reviewId: string): Promise<Blob | null>;
};

export function createPastReviewsModel(deps: PastReviewsDeps): PastReviewsModel {
  const list = createPagedList<PastReview, PastReviews>({
    items: (page) => page.reviews,
    // A review is one row whatever page brings it.
    key: (review) => review.id,
  });
  const exporting = signal<string | null>(null);
  const exportError = signal<{ reviewId: string; cause: unknown } | null>(null);
  let shown: { kind: ResourceKind; id: string } | null = null;

  function load(kind: ResourceKind, id: string): Promise<void> {
    const same = shown?.kind === kind && shown.id === id;
    shown = { kind, id };
    if (!same) exportError.value = null;
    return list.load(() => deps.list(kind, id, null), { keep: same });
  }

  function more(): Promise<void> {
    if (!shown) return Promise.resolve();
    const { kind, id } = shown;
    return list.more((cursor) => deps.list(kind, id, cursor));
  }

  async function exportCsv(reviewId: string): Promise<Blob | null> {
    if (exporting.peek() !== null) return null;
    batch(() => {
      exporting.value = reviewId;
      exportError.value = null;
    });
    try {
      return await deps.exportCsv(reviewId);
    } catch (cause) {
      exportError.value = { reviewId, cause };
      return null;
    } finally {
      exporting.value = null;
    }
  }

  return {
    status: list.status,
    error: list.error,
    reviews: list.items,
    hasMore: list.hasMore,
    loadingMore: list.loadingMore,
    moreError: list.moreError,
    exporting,
    exportError,
    load,
    more,
    exportCsv,
  };
}
