import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { PastReviews } from '../api/reviews';
import type { ResourceKind } from '../api/types';
import { createLoadable, type LoadStatus } from './load';

export type PastReviewsDeps = {
  list(kind: ResourceKind, id: string): Promise<PastReviews>;
  exportCsv(reviewId: string): Promise<Blob>;
};

/** The resource page's record of its access reviews: each completed one, what it did, and its CSV. */
export type PastReviewsModel = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  readonly data: ReadonlySignal<PastReviews | null>;
  /** The review whose CSV is on its way. */
  readonly exporting: ReadonlySignal<string | null>;
  /** The last export that failed, and why. */
  readonly exportError: ReadonlySignal<{ reviewId: string; cause: unknown } | null>;
  /** Loads the resource's reviews; the same resource again keeps the list on screen while it loads. */
  load(kind: ResourceKind, id: string): Promise<void>;
  /** The review's CSV; null when it failed (`exportError` says why) or another is on its way. */
  exportCsv(reviewId: string): Promise<Blob | null>;
};

export function createPastReviewsModel(deps: PastReviewsDeps): PastReviewsModel {
  const page = createLoadable<PastReviews>();
  const exporting = signal<string | null>(null);
  const exportError = signal<{ reviewId: string; cause: unknown } | null>(null);
  let shown = '';

  function load(kind: ResourceKind, id: string): Promise<void> {
    const subject = `${kind}/${id}`;
    const same = subject === shown;
    shown = subject;
    if (!same) exportError.value = null;
    return page.run(() => deps.list(kind, id), same);
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

  return { status: page.status, error: page.error, data: page.data, exporting, exportError, load, exportCsv };
}
