import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import { ApiError, hasCode } from '../api/errors';
import type { Decision, Review, ReviewItem, ReviewResult, ReviewState } from '../api/reviews';
import type { ResourceKind } from '../api/types';
import { createLoadable, type LoadStatus } from './load';

/** A review past its deadline and still open. */
export function isOverdue(dueAt: string | null, now: number): boolean {
  return dueAt !== null && Date.parse(dueAt) < now;
}

/**
 * How long after a completion its removals are taken to be still running: a completion removes people one
 * round trip at a time, and until it is done the review shows them without an outcome. Offering 「残りの削除を
 * 実行する」 then would only start a second admin on the same removals.
 */
export const FINISH_GRACE_MS = 60_000;

/** Completed so recently that the completion may still be removing people. */
export function stillFinishing(completedAt: string | null, now: number): boolean {
  return completedAt !== null && now - Date.parse(completedAt) < FINISH_GRACE_MS;
}

/** The person reaches the resource only through groups: a "remove" is changed on the group (rule 11). */
export function onlyThroughGroups(item: ReviewItem): boolean {
  return item.grants.every((grant) => grant.source === 'group');
}

export type ReviewProgress = {
  total: number;
  decided: number;
  keep: number;
  remove: number;
};

export type Outcomes = {
  removed: { userId: string; displayName: string; throughGroups: { id: string; name: string }[] }[];
  kept: { userId: string; displayName: string }[];
  refused: { userId: string; displayName: string; code: string }[];
  /** Marked remove, but the completion was cut off before removing them: completing again does it. */
  pending: { userId: string; displayName: string }[];
};

export type ReviewDeps = {
  get(reviewId: string): Promise<Review>;
  decide(reviewId: string, userId: string, decision: Decision): Promise<ReviewItem>;
  keepRest(reviewId: string): Promise<Review>;
  complete(reviewId: string): Promise<ReviewResult>;
  exportCsv(reviewId: string): Promise<Blob>;
  /** The clock (tests set it). */
  now?: () => number;
};

/** `not-found`: not a review of something the user administers (the API answers 404, rule 9). */
export type ReviewStatus = LoadStatus | 'not-found';

export type ReviewModel = {
  readonly status: ReadonlySignal<ReviewStatus>;
  readonly error: ReadonlySignal<unknown>;
  readonly review: ReadonlySignal<Review | null>;
  readonly progress: ReadonlySignal<ReviewProgress>;
  /** Completed: nothing can change any more. */
  readonly readOnly: ReadonlySignal<boolean>;
  /** The people whose decision is on its way, with the decision tapped. */
  readonly deciding: ReadonlySignal<ReadonlyMap<string, Decision>>;
  /** A decision that failed, by person. */
  readonly rowErrors: ReadonlySignal<ReadonlyMap<string, unknown>>;
  readonly keepingRest: ReadonlySignal<boolean>;
  readonly completing: ReadonlySignal<boolean>;
  /** 「残りをすべて残す」 failed. */
  readonly keepRestError: ReadonlySignal<unknown>;
  /** The completion failed (REVIEW_INCOMPLETE when someone was undecided meanwhile). */
  readonly completeError: ReadonlySignal<unknown>;
  /** Completed in this visit: the screen says so above the result. */
  readonly justCompleted: ReadonlySignal<boolean>;
  /** What completing did, person by person; null while open. */
  readonly outcomes: ReadonlySignal<Outcomes | null>;
  /**
   * Removals without an outcome on a review completed under a minute ago: most likely the completion still
   * at work (this admin's or another's), so they are shown as in progress, not as cut off.
   */
  readonly finishing: ReadonlySignal<boolean>;
  readonly exporting: ReadonlySignal<boolean>;
  readonly exportError: ReadonlySignal<unknown>;
  load(reviewId: string): Promise<void>;
  decide(userId: string, decision: Decision): Promise<void>;
  keepRest(): Promise<void>;
  /** True when the review was completed; on a completed one, its pending removals were finished. */
  complete(): Promise<boolean>;
  /** The finished review as CSV; null when it failed (`exportError` says why). */
  exportCsv(): Promise<Blob | null>;
};

function outcomesOf(review: Review): Outcomes | null {
  if (review.status !== 'completed') return null;
  const person = (item: ReviewItem) => ({ userId: item.userId, displayName: item.displayName });
  const outcomes: Outcomes = { removed: [], kept: [], refused: [], pending: [] };
  for (const item of review.items) {
    if (item.outcome === 'removed') {
      const throughGroups = item.grants.flatMap((grant) => (grant.source === 'group' ? [grant.group] : []));
      outcomes.removed.push({ ...person(item), throughGroups });
    } else if (item.outcome === 'refused') {
      outcomes.refused.push({ ...person(item), code: item.outcomeCode ?? 'INTERNAL' });
    } else if (item.outcome === 'kept' || item.decision === 'keep') {
      outcomes.kept.push(person(item));
    } else {
      outcomes.pending.push(person(item));
    }
  }
  return outcomes;
}

/** The completion's answer written into the review, until (or unless) the server's own copy arrives. */
function applyResult(review: Review, result: ReviewResult): Review {
  const outcome = new Map<string, Pick<ReviewItem, 'outcome' | 'outcomeCode'>>();
  for (const { userId } of result.removed) outcome.set(userId, { outcome: 'removed', outcomeCode: null });
  for (const { userId } of result.kept) outcome.set(userId, { outcome: 'kept', outcomeCode: null });
  for (const { userId, code } of result.refused)
    outcome.set(userId, { outcome: 'refused', outcomeCode: code });
  return {
    ...review,
    status: 'completed',
    completedAt: new Date().toISOString(),
    items: review.items.map((item) => ({ ...item, ...outcome.get(item.userId) })),
  };
}

export function createReviewModel(deps: ReviewDeps): ReviewModel {
  const page = createLoadable<Review>();
  const deciding = signal<ReadonlyMap<string, Decision>>(new Map());
  const rowErrors = signal<ReadonlyMap<string, unknown>>(new Map());
  const keepingRest = signal(false);
  const completing = signal(false);
  const keepRestError = signal<unknown>(null);
  const completeError = signal<unknown>(null);
  const justCompleted = signal(false);
  const exporting = signal(false);
  const exportError = signal<unknown>(null);
  let shown = '';
  const clock = deps.now ?? Date.now;
  const loadedAt = signal(clock());

  const review = page.data;
  const progress = computed<ReviewProgress>(() => {
    const items = review.value?.items ?? [];
    const keep = items.filter((item) => item.decision === 'keep').length;
    const remove = items.filter((item) => item.decision === 'remove').length;
    return { total: items.length, decided: keep + remove, keep, remove };
  });

  const without = <V>(map: ReadonlyMap<string, V>, key: string) => {
    const next = new Map(map);
    next.delete(key);
    return next;
  };

  /** The server's copy again, quietly: the screen stays as it is when that fails. */
  async function refresh(reviewId: string): Promise<void> {
    try {
      const fresh = await deps.get(reviewId);
      if (reviewId === shown) page.set(fresh);
    } catch {
      // What is on screen stays; the next visit loads it again.
    }
  }

  /** A change refused because the review changed meanwhile (completed by another admin, someone undecided). */
  const staleReview = (error: unknown) =>
    hasCode(error, 'REVIEW_CLOSED') || hasCode(error, 'REVIEW_INCOMPLETE');

  function load(reviewId: string): Promise<void> {
    // The time of this look: a minute on, opening the review again shows cut-off removals as such.
    loadedAt.value = clock();
    const same = reviewId === shown;
    shown = reviewId;
    if (!same) {
      batch(() => {
        deciding.value = new Map();
        rowErrors.value = new Map();
        keepRestError.value = null;
        completeError.value = null;
        justCompleted.value = false;
        exportError.value = null;
      });
    }
    return page.run(() => deps.get(reviewId), same);
  }

  async function decide(userId: string, decision: Decision): Promise<void> {
    const reviewId = shown;
    if (page.data.peek()?.status !== 'open' || deciding.peek().has(userId)) return;
    batch(() => {
      deciding.value = new Map(deciding.peek()).set(userId, decision);
      rowErrors.value = without(rowErrors.peek(), userId);
    });
    try {
      const item = await deps.decide(reviewId, userId, decision);
      const latest = page.data.peek();
      if (reviewId !== shown || !latest) return;
      page.set({ ...latest, items: latest.items.map((old) => (old.userId === userId ? item : old)) });
    } catch (cause) {
      if (reviewId !== shown) return;
      rowErrors.value = new Map(rowErrors.peek()).set(userId, cause);
      if (staleReview(cause)) await refresh(reviewId);
    } finally {
      if (reviewId === shown) deciding.value = without(deciding.peek(), userId);
    }
  }

  async function keepRest(): Promise<void> {
    const reviewId = shown;
    if (keepingRest.peek() || completing.peek()) return;
    batch(() => {
      keepingRest.value = true;
      keepRestError.value = null;
      completeError.value = null;
    });
    try {
      const updated = await deps.keepRest(reviewId);
      if (reviewId === shown) page.set(updated);
    } catch (cause) {
      if (reviewId !== shown) return;
      keepRestError.value = cause;
      if (staleReview(cause)) await refresh(reviewId);
    } finally {
      keepingRest.value = false;
    }
  }

  async function complete(): Promise<boolean> {
    const reviewId = shown;
    if (completing.peek() || keepingRest.peek()) return false;
    batch(() => {
      completing.value = true;
      completeError.value = null;
      keepRestError.value = null;
    });
    try {
      const result = await deps.complete(reviewId);
      const latest = page.data.peek();
      if (reviewId !== shown || !latest) return true;
      batch(() => {
        page.set(applyResult(latest, result));
        justCompleted.value = true;
      });
      // Who completed it and when, as the server recorded it.
      await refresh(reviewId);
      return true;
    } catch (cause) {
      if (reviewId !== shown) return false;
      completeError.value = cause;
      if (staleReview(cause)) await refresh(reviewId);
      return false;
    } finally {
      completing.value = false;
    }
  }

  async function exportCsv(): Promise<Blob | null> {
    if (exporting.peek()) return null;
    batch(() => {
      exporting.value = true;
      exportError.value = null;
    });
    try {
      return await deps.exportCsv(shown);
    } catch (cause) {
      exportError.value = cause;
      return null;
    } finally {
      exporting.value = false;
    }
  }

  const outcomes = computed(() => (review.value ? outcomesOf(review.value) : null));

  return {
    status: computed<ReviewStatus>(() => {
      const error = page.error.value;
      const absent = error instanceof ApiError && (error.status === 404 || error.code === 'INVALID_INPUT');
      return absent ? 'not-found' : page.status.value;
    }),
    error: page.error,
    review,
    progress,
    readOnly: computed(() => review.value?.status === 'completed'),
    deciding,
    rowErrors,
    keepingRest,
    completing,
    keepRestError,
    completeError,
    justCompleted,
    outcomes,
    finishing: computed(() => {
      const current = review.value;
      if (!current || (outcomes.value?.pending.length ?? 0) === 0) return false;
      // This admin's own completion stopped (its error is on screen): nothing is at work any more.
      if (completeError.value !== null) return false;
      return stillFinishing(current.completedAt, loadedAt.value);
    }),
    exporting,
    exportError,
    load,
    decide,
    keepRest,
    complete,
    exportCsv,
  };
}

export type ReviewStartDeps = {
  start(kind: ResourceKind, id: string): Promise<Review>;
  /** The open review's id, as the resource's page knows it (after a 409 REVIEW_OPEN). */
  openReviewId(kind: ResourceKind, id: string): Promise<string | null>;
  setCadence(kind: ResourceKind, id: string, everyDays: number): Promise<ReviewState>;
};

/** The resource page's 棚卸し section: start (or find the open) review, and change the cadence. */
export type ReviewStartModel = {
  readonly starting: ReadonlySignal<boolean>;
  readonly startError: ReadonlySignal<unknown>;
  readonly savingCadence: ReadonlySignal<boolean>;
  readonly cadenceError: ReadonlySignal<unknown>;
  /** The id of the review to open: the new one, or the one already open (409 REVIEW_OPEN); null on failure. */
  start(kind: ResourceKind, id: string): Promise<string | null>;
  /** The resource's new review state; null on failure. */
  setCadence(kind: ResourceKind, id: string, everyDays: number): Promise<ReviewState | null>;
  reset(): void;
};

export function createReviewStartModel(deps: ReviewStartDeps): ReviewStartModel {
  const starting = signal(false);
  const startError = signal<unknown>(null);
  const savingCadence = signal(false);
  const cadenceError = signal<unknown>(null);

  async function start(kind: ResourceKind, id: string): Promise<string | null> {
    if (starting.peek()) return null;
    batch(() => {
      starting.value = true;
      startError.value = null;
    });
    try {
      return (await deps.start(kind, id)).id;
    } catch (cause) {
      if (hasCode(cause, 'REVIEW_OPEN')) {
        // Another admin (or the schedule) opened one meanwhile: that is the one to continue.
        const open = await deps.openReviewId(kind, id).catch(() => null);
        if (open) return open;
      }
      startError.value = cause;
      return null;
    } finally {
      starting.value = false;
    }
  }

  async function setCadence(kind: ResourceKind, id: string, everyDays: number) {
    if (savingCadence.peek()) return null;
    batch(() => {
      savingCadence.value = true;
      cadenceError.value = null;
    });
    try {
      return await deps.setCadence(kind, id, everyDays);
    } catch (cause) {
      cadenceError.value = cause;
      return null;
    } finally {
      savingCadence.value = false;
    }
  }

  return {
    starting,
    startError,
    savingCadence,
    cadenceError,
    start,
    setCadence,
    reset: () =>
      batch(() => {
        startError.value = null;
        cadenceError.value = null;
      }),
  };
}
