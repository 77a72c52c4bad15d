import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import type { PastReviews, Review, ReviewItem, ReviewResult } from '../../app/api/reviews';
import { reviewRefusal } from '../../app/i18n/reviews';
import { signInState } from '../../app/state/last-seen';
import { createPastReviewsModel, type PastReviewsDeps } from '../../app/state/past-reviews';
import {
  createReviewModel,
  createReviewStartModel,
  isOverdue,
  onlyThroughGroups,
  type ReviewDeps,
  type ReviewStartDeps,
  stillFinishing,
} from '../../app/state/review';
import { deferred } from './fixtures';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const kanto = { id: 'g-1', name: '関東' };

function item(userId: string, overrides: Partial<ReviewItem> = {}): ReviewItem {
  return {
    userId,
    displayName: `${userId}さん`,
    role: 'operator',
    grants: [{ role: 'operator', source: 'direct' }],
    since: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-11-20T00:00:00.000Z',
    decision: null,
    decidedBy: null,
    decidedAt: null,
    outcome: null,
    outcomeCode: null,
    ...overrides,
  };
}

function review(items: ReviewItem[], overrides: Partial<Review> = {}): Review {
  return {
    id: 'rv-1',
    status: 'open',
    resource: { kind: 'account', id: 'a-1', name: '新宿店' },
    dueAt: '2026-12-14T00:00:00.000Z',
    startedAt: '2026-11-30T00:00:00.000Z',
    startedBy: { userId: 'Uowner', displayName: '山田 花子' },
    completedAt: null,
    completedBy: null,
    items,
    ...overrides,
  };
}

const apiError = (status: number, code: string) => new ApiError(status, code, 'English text', 'req-1');

function setup(start: Review, overrides: Partial<ReviewDeps> = {}) {
  let current = start;
  const mocks = {
    get: vi.fn<ReviewDeps['get']>(async () => current),
    decide: vi.fn<ReviewDeps['decide']>(async (_id, userId, decision) => {
      const found = current.items.find((one) => one.userId === userId);
      if (!found) throw apiError(404, 'NOT_FOUND');
      return { ...found, decision };
    }),
    keepRest: vi.fn<ReviewDeps['keepRest']>(async () => ({
      ...current,
      items: current.items.map((one) => ({ ...one, decision: one.decision ?? 'keep' })),
    })),
    complete: vi.fn<ReviewDeps['complete']>(),
    exportCsv: vi.fn<ReviewDeps['exportCsv']>(async () => new Blob(['csv'])),
  };
  const model = createReviewModel({ ...mocks, ...overrides });
  return {
    model,
    deps: mocks,
    serverHas: (next: Review) => {
      current = next;
    },
  };
}

const five = () => ['Ua', 'Ub', 'Uc', 'Ud', 'Ue'].map((id) => item(id));

describe('review model', () => {
  it('loads the review with its progress: nobody decided yet', async () => {
    const { model } = setup(review(five()));
    const loading = model.load('rv-1');
    expect(model.status.value).toBe('loading');
    await loading;
    expect(model.status.value).toBe('ready');
    expect(model.progress.value).toEqual({ total: 5, decided: 0, keep: 0, remove: 0 });
    expect(model.readOnly.value).toBe(false);
    expect(model.outcomes.value).toBeNull();
  });

  it('is not found for anyone but the admins (404), and an error with retry otherwise', async () => {
    const absent = setup(review([]), { get: vi.fn(async () => Promise.reject(apiError(404, 'NOT_FOUND'))) });
    await absent.model.load('rv-x');
    expect(absent.model.status.value).toBe('not-found');

    const offline = setup(review([]), {
      get: vi.fn(async () => Promise.reject(new ApiError(0, 'NETWORK', 'offline', null))),
    });
    await offline.model.load('rv-1');
    expect(offline.model.status.value).toBe('error');
  });

  it('decides one person with a busy state on that person only, then counts them', async () => {
    const answer = deferred<ReviewItem>();
    const { model, deps } = setup(review(five()));
    await model.load('rv-1');
    deps.decide.mockReturnValueOnce(answer.promise);

    const deciding = model.decide('Ub', 'remove');
    expect(model.deciding.value.get('Ub')).toBe('remove');
    expect(model.deciding.value.has('Ua')).toBe(false);
    // A second tap while it is on its way sends nothing.
    await model.decide('Ub', 'keep');
    expect(deps.decide).toHaveBeenCalledTimes(1);

    answer.resolve(item('Ub', { decision: 'remove' }));
    await deciding;
    expect(deps.decide).toHaveBeenCalledWith('rv-1', 'Ub', 'remove');
    expect(model.deciding.value.size).toBe(0);
    expect(model.progress.value).toEqual({ total: 5, decided: 1, keep: 0, remove: 1 });
  });

  it('shows a failed decision on its row, and reads the review again when another admin completed it', async () => {
    const { model, deps, serverHas } = setup(review(five()));
    await model.load('rv-1');
    deps.decide.mockRejectedValueOnce(apiError(409, 'REVIEW_CLOSED'));
    serverHas(review(five(), { status: 'completed', completedAt: '2026-12-01T00:00:00.000Z' }));

    await model.decide('Ua', 'keep');
    expect(model.rowErrors.value.get('Ua')).toBeInstanceOf(ApiError);
    expect(deps.get).toHaveBeenCalledTimes(2);
    expect(model.readOnly.value).toBe(true);
  });

  it('keeps everyone undecided with 「残りをすべて残す」; those decided keep their decision', async () => {
    const { model, deps } = setup(review([item('Ua', { decision: 'remove' }), item('Ub'), item('Uc')]));
    await model.load('rv-1');
    const keeping = model.keepRest();
    expect(model.keepingRest.value).toBe(true);
    await keeping;
    expect(deps.keepRest).toHaveBeenCalledWith('rv-1');
    expect(model.keepingRest.value).toBe(false);
    expect(model.progress.value).toEqual({ total: 3, decided: 3, keep: 2, remove: 1 });
  });

  it('completes: removed, kept and refused with the reason, read-only afterwards', async () => {
    const decided = [
      item('Ua', { decision: 'keep' }),
      item('Ub', {
        decision: 'remove',
        grants: [
          { role: 'operator', source: 'direct' },
          { role: 'operator', source: 'group', group: kanto },
        ],
      }),
      item('Uc', { decision: 'remove', role: 'admin' }),
    ];
    const result: ReviewResult = {
      removed: [{ userId: 'Ub', displayName: 'Ubさん', throughGroups: [kanto] }],
      kept: [{ userId: 'Ua', displayName: 'Uaさん' }],
      refused: [{ userId: 'Uc', displayName: 'Ucさん', code: 'LAST_ADMIN', message: 'English' }],
    };
    const answer = deferred<ReviewResult>();
    // The server's copy after completion cannot be read (offline): the completion's answer stands.
    const { model, deps } = setup(review(decided), { complete: vi.fn(() => answer.promise) });
    await model.load('rv-1');
    deps.get.mockRejectedValueOnce(new ApiError(0, 'NETWORK', 'offline', null));

    const completing = model.complete();
    expect(model.completing.value).toBe(true);
    answer.resolve(result);
    expect(await completing).toBe(true);

    expect(model.completing.value).toBe(false);
    expect(model.justCompleted.value).toBe(true);
    expect(model.readOnly.value).toBe(true);
    expect(model.outcomes.value).toEqual({
      removed: [{ userId: 'Ub', displayName: 'Ubさん', throughGroups: [kanto] }],
      kept: [{ userId: 'Ua', displayName: 'Uaさん' }],
      refused: [{ userId: 'Uc', displayName: 'Ucさん', code: 'LAST_ADMIN' }],
      pending: [],
    });
    // A completed review changes no more: a tap sends nothing.
    await model.decide('Ua', 'remove');
    expect(deps.decide).not.toHaveBeenCalled();
  });

  it('refuses to complete with someone undecided (REVIEW_INCOMPLETE) and shows the review as it now is', async () => {
    const { model, deps } = setup(review([item('Ua', { decision: 'keep' }), item('Ub')]), {
      complete: vi.fn(async () => Promise.reject(apiError(409, 'REVIEW_INCOMPLETE'))),
    });
    await model.load('rv-1');
    expect(await model.complete()).toBe(false);
    expect(model.completeError.value).toBeInstanceOf(ApiError);
    expect(deps.get).toHaveBeenCalledTimes(2);
    expect(model.readOnly.value).toBe(false);
  });

  it('derives the result of a review completed earlier from its items', async () => {
    const { model } = setup(
      review(
        [
          item('Ua', { decision: 'keep', outcome: 'kept' }),
          item('Ub', { decision: 'remove', outcome: 'refused', outcomeCode: 'GRANT_VIA_GROUP' }),
          item('Uc', { decision: 'remove', outcome: 'removed' }),
        ],
        { status: 'completed', completedAt: '2026-12-01T00:00:00.000Z' },
      ),
    );
    await model.load('rv-1');
    expect(model.justCompleted.value).toBe(false);
    expect(model.outcomes.value?.removed.map((one) => one.userId)).toEqual(['Uc']);
    expect(model.outcomes.value?.refused).toEqual([
      { userId: 'Ub', displayName: 'Ubさん', code: 'GRANT_VIA_GROUP' },
    ]);
    expect(model.outcomes.value?.kept.map((one) => one.userId)).toEqual(['Ua']);
  });

  it('shows removals a cut-off completion left pending, and completing again finishes them', async () => {
    const cut = review(
      [
        item('Ua', { decision: 'keep', outcome: 'kept' }),
        item('Ub', { decision: 'remove', outcome: 'removed' }),
        item('Uc', { decision: 'remove' }),
      ],
      { status: 'completed', completedAt: '2026-12-01T00:00:00.000Z' },
    );
    const finished: ReviewResult = {
      removed: [
        { userId: 'Ub', displayName: 'Ubさん', throughGroups: [] },
        { userId: 'Uc', displayName: 'Ucさん', throughGroups: [] },
      ],
      kept: [{ userId: 'Ua', displayName: 'Uaさん' }],
      refused: [],
    };
    const complete = vi.fn(async () => finished);
    const { model, serverHas } = setup(cut, { complete });
    await model.load('rv-1');
    expect(model.readOnly.value).toBe(true);
    expect(model.outcomes.value?.pending).toEqual([{ userId: 'Uc', displayName: 'Ucさん' }]);

    serverHas({ ...cut, items: cut.items.map((one) => ({ ...one, outcome: one.outcome ?? 'removed' })) });
    expect(await model.complete()).toBe(true);
    expect(complete).toHaveBeenCalledWith('rv-1');
    expect(model.outcomes.value?.pending).toEqual([]);
    expect(model.outcomes.value?.removed.map((one) => one.userId)).toEqual(['Ub', 'Uc']);
  });

  it('shows removals of a completion under a minute old as in progress, not as cut off', async () => {
    const running = review(
      [item('Ua', { decision: 'keep', outcome: 'kept' }), item('Ub', { decision: 'remove' })],
      { status: 'completed', completedAt: new Date(NOW - 20_000).toISOString() },
    );
    let now = NOW;
    const { model } = setup(running, { now: () => now });
    await model.load('rv-1');
    expect(model.outcomes.value?.pending.map((one) => one.userId)).toEqual(['Ub']);
    expect(model.finishing.value).toBe(true);
    // A minute on, still without an outcome: cut off, and offered to finish.
    now = NOW + 60_000;
    await model.load('rv-1');
    expect(model.finishing.value).toBe(false);
    expect(stillFinishing(running.completedAt, NOW)).toBe(true);
    expect(stillFinishing(running.completedAt, NOW + 41_000)).toBe(false);
    expect(stillFinishing(null, NOW)).toBe(false);
  });

  it('exports the CSV, and says why when it cannot', async () => {
    const { model, deps } = setup(review([]));
    await model.load('rv-1');
    expect(await model.exportCsv()).toBeInstanceOf(Blob);
    expect(deps.exportCsv).toHaveBeenCalledWith('rv-1');

    deps.exportCsv.mockRejectedValueOnce(apiError(409, 'REVIEW_OPEN'));
    expect(await model.exportCsv()).toBeNull();
    expect(model.exportError.value).toBeInstanceOf(ApiError);
    expect(model.exporting.value).toBe(false);
  });
});

describe('what a review flags', () => {
  it('flags a sign-in 90 days ago or more, and none on record', () => {
    expect(signInState(null, NOW)).toBe('never');
    expect(signInState(new Date(NOW - 90 * DAY).toISOString(), NOW)).toBe('stale');
    expect(signInState(new Date(NOW - 89 * DAY).toISOString(), NOW)).toBe('recent');
  });

  it('is overdue only past its deadline', () => {
    expect(isOverdue('2026-11-30T23:59:59.000Z', NOW)).toBe(true);
    expect(isOverdue('2026-12-01T00:00:01.000Z', NOW)).toBe(false);
    expect(isOverdue(null, NOW)).toBe(false);
  });

  it('knows who reaches the resource only through a group', () => {
    expect(
      onlyThroughGroups(item('Ua', { grants: [{ role: 'operator', source: 'group', group: kanto }] })),
    ).toBe(true);
    expect(onlyThroughGroups(item('Ub'))).toBe(false);
  });

  it('words every refusal in Japanese, never with the server’s text', () => {
    expect(reviewRefusal('LAST_ADMIN')).toContain('最後の管理者');
    expect(reviewRefusal('GRANT_VIA_GROUP')).toContain('グループ経由');
    // A code the review has no words of its own for: the app's message for it.
    expect(reviewRefusal('ALREADY_MEMBER')).toBe('すでにメンバーです。');
    // Not removed because the membership changed after the review opened (re-added, or a new role).
    expect(reviewRefusal('NOT_FOUND')).toContain('再追加');
    expect(reviewRefusal('CONFLICT')).toContain('役割が変わった');
    expect(reviewRefusal('SOMETHING_NEW')).toBe('問題が発生しました。時間をおいてもう一度お試しください。');
  });
});

describe('starting a review from the account page', () => {
  function startSetup(overrides: Partial<ReviewStartDeps> = {}) {
    const mocks = {
      start: vi.fn<ReviewStartDeps['start']>(async () => review([])),
      openReviewId: vi.fn<ReviewStartDeps['openReviewId']>(async () => 'rv-open'),
      setCadence: vi.fn<ReviewStartDeps['setCadence']>(async (_kind, _id, everyDays) => ({
        everyDays,
        dueAt: null,
        openReviewId: null,
      })),
    };
    return { model: createReviewStartModel({ ...mocks, ...overrides }), deps: mocks };
  }

  it('opens the new review', async () => {
    const { model } = startSetup();
    const starting = model.start('account', 'a-1');
    expect(model.starting.value).toBe(true);
    expect(await starting).toBe('rv-1');
    expect(model.starting.value).toBe(false);
  });

  it('opens the review already open when another admin (or the schedule) started one (409 REVIEW_OPEN)', async () => {
    const { model, deps } = startSetup({
      start: vi.fn(async () => Promise.reject(apiError(409, 'REVIEW_OPEN'))),
    });
    expect(await model.start('group', 'g-1')).toBe('rv-open');
    expect(deps.openReviewId).toHaveBeenCalledWith('group', 'g-1');
    expect(model.startError.value).toBeNull();
  });

  it('says why it could not start', async () => {
    const { model } = startSetup({ start: vi.fn(async () => Promise.reject(apiError(404, 'NOT_FOUND'))) });
    expect(await model.start('account', 'a-1')).toBeNull();
    expect(model.startError.value).toBeInstanceOf(ApiError);
  });

  it('changes the cadence, and keeps the failure when it cannot', async () => {
    const { model, deps } = startSetup();
    expect(await model.setCadence('account', 'a-1', 180)).toEqual({
      everyDays: 180,
      dueAt: null,
      openReviewId: null,
    });
    deps.setCadence.mockRejectedValueOnce(apiError(403, 'FORBIDDEN'));
    expect(await model.setCadence('account', 'a-1', 30)).toBeNull();
    expect(model.cadenceError.value).toBeInstanceOf(ApiError);
    expect(model.savingCadence.value).toBe(false);
  });
});

describe('the resource’s completed reviews', () => {
  function pastReview(id: string, day: number): PastReviews['reviews'][number] {
    const at = (offset: number) => new Date(Date.UTC(2026, 8, day + offset)).toISOString();
    return {
      id,
      status: 'completed',
      startedAt: at(0),
      dueAt: at(14),
      completedAt: at(9),
      completedBy: { userId: 'Uowner', displayName: '山田 花子' },
      counts: { kept: 4, removed: 1, refused: 0, pending: 0 },
    };
  }

  const past: PastReviews = { total: 1, reviews: [pastReview('rv-old', 1)], nextCursor: null };

  function pastSetup() {
    const deps = {
      list: vi.fn<PastReviewsDeps['list']>(async () => past),
      exportCsv: vi.fn<PastReviewsDeps['exportCsv']>(async () => new Blob(['csv'])),
    };
    return { model: createPastReviewsModel(deps), deps };
  }

  it('loads them for the resource, and keeps them on screen while the same resource loads again', async () => {
    const { model, deps } = pastSetup();
    await model.load('account', 'a-1');
    expect(deps.list).toHaveBeenCalledWith('account', 'a-1', null);
    expect(model.reviews.value).toEqual(past.reviews);
    expect(model.hasMore.value).toBe(false);
    const again = deferred<PastReviews>();
    deps.list.mockReturnValueOnce(again.promise);
    const reloading = model.load('account', 'a-1');
    expect(model.status.value).toBe('ready');
    expect(model.reviews.value).toEqual(past.reviews);
    const newer = pastReview('rv-new', 20);
    again.resolve({ ...past, total: 2, reviews: [newer, ...past.reviews] });
    await reloading;
    expect(model.reviews.value.map((review) => review.id)).toEqual(['rv-new', 'rv-old']);

    deps.list.mockReturnValueOnce(deferred<PastReviews>().promise);
    void model.load('group', 'g-1');
    expect(model.reviews.value).toEqual([]);
    expect(model.status.value).toBe('loading');
  });

  it('reaches older reviews page by page with 「さらに表示」, each once, back to the first', async () => {
    const { model, deps } = pastSetup();
    const reviews = Array.from({ length: 45 }, (_, i) => pastReview(`rv-${i}`, 45 - i));
    const pages: Record<string, PastReviews> = {
      first: { total: 45, reviews: reviews.slice(0, 20), nextCursor: 'c-20' },
      'c-20': { total: 45, reviews: reviews.slice(20, 40), nextCursor: 'c-40' },
      // A review shown already (say, the list moved between two pages) is not shown twice.
      'c-40': { total: 45, reviews: reviews.slice(39), nextCursor: null },
    };
    deps.list.mockImplementation(async (_kind, _id, cursor) => pages[cursor ?? 'first'] ?? past);
    await model.load('account', 'a-1');
    expect(model.reviews.value).toHaveLength(20);
    expect(model.hasMore.value).toBe(true);

    const second = deferred<PastReviews>();
    deps.list.mockReturnValueOnce(second.promise);
    const loading = model.more();
    expect(model.loadingMore.value).toBe(true);
    // A second tap while the page is on its way asks nothing more.
    await model.more();
    expect(deps.list).toHaveBeenCalledTimes(2);
    second.resolve(pages['c-20'] as PastReviews);
    await loading;
    expect(deps.list).toHaveBeenLastCalledWith('account', 'a-1', 'c-20');
    expect(model.reviews.value).toHaveLength(40);

    // A failed page leaves what is shown, and says why; trying again continues from the same place.
    deps.list.mockRejectedValueOnce(apiError(500, 'INTERNAL'));
    await model.more();
    expect(model.moreError.value).toBeInstanceOf(ApiError);
    expect(model.reviews.value).toHaveLength(40);
    await model.more();
    expect(deps.list).toHaveBeenLastCalledWith('account', 'a-1', 'c-40');
    expect(model.moreError.value).toBeNull();
    expect(model.reviews.value.map((review) => review.id)).toEqual(reviews.map((review) => review.id));
    expect(model.hasMore.value).toBe(false);
    await model.more();
    expect(deps.list).toHaveBeenCalledTimes(4);
  });

  it('drops an older page that arrives after another resource was opened', async () => {
    const { model, deps } = pastSetup();
    deps.list.mockResolvedValueOnce({ total: 21, reviews: [pastReview('rv-a', 2)], nextCursor: 'c-a' });
    await model.load('account', 'a-1');
    const late = deferred<PastReviews>();
    deps.list.mockReturnValueOnce(late.promise);
    const older = model.more();
    await model.load('group', 'g-1');
    late.resolve({ total: 21, reviews: [pastReview('rv-a-old', 1)], nextCursor: null });
    await older;
    expect(model.reviews.value).toEqual(past.reviews);
    expect(model.loadingMore.value).toBe(false);
  });

  it('exports one review’s CSV at a time, and says which one failed', async () => {
    const { model, deps } = pastSetup();
    const file = deferred<Blob>();
    deps.exportCsv.mockReturnValueOnce(file.promise);
    const exporting = model.exportCsv('rv-old');
    expect(model.exporting.value).toBe('rv-old');
    expect(await model.exportCsv('rv-other')).toBeNull();
    file.resolve(new Blob(['csv']));
    expect(await exporting).toBeInstanceOf(Blob);
    expect(deps.exportCsv).toHaveBeenCalledTimes(1);

    deps.exportCsv.mockRejectedValueOnce(apiError(404, 'NOT_FOUND'));
    expect(await model.exportCsv('rv-old')).toBeNull();
    expect(model.exportError.value?.reviewId).toBe('rv-old');
    expect(model.exporting.value).toBeNull();
  });
});
