import { type AuditHead, selectAuditHead, withChainRetry } from '../audit/chain';
import { commitWithAudit } from '../audit/commit';
import { can } from '../authz/can';
import { stillAdministers } from '../authz/guard';
import type { Caller } from '../lib/caller';
import { decodeTimeCursor } from '../lib/cursor';
import { rowsOf } from '../lib/d1';
import { AppError, translateAbort } from '../lib/errors';
import { newId } from '../lib/ids';
import { authorize, type ResourceAccess, resourceAccess } from '../resources/access';
import { type AccessRow, selectAccess } from '../resources/repo';
import type { Kind } from '../resources/schema';
import {
  type ItemRow,
  insertItems,
  insertReview,
  keepUndecided,
  PAST_PAGE,
  type PastReviewRow,
  type ReviewRow,
  selectItems,
  selectResourceReviews,
  selectReview,
  selectReviewAccess,
  selectReviewCount,
  selectReviewHead,
  toItem,
  toPastReviews,
  toReview,
  updateDecision,
} from './repo';
import type { Decision } from './schema';

/** SQL's refusals, as the API names them. */
export const REVIEW_ABORTS = {
  'reviews.resource_id': 'REVIEW_OPEN',
  REVIEW_CLOSED: 'REVIEW_CLOSED',
  REVIEW_INCOMPLETE: 'REVIEW_INCOMPLETE',
} as const;

/**
 * A review is its resource's admins' business (SPEC §10): anyone else, members included, is told it does not
 * exist (rule 9). Running one is managing members, so `can()` decides it with that action.
 */
export function reviewAccess(rows: readonly AccessRow[], userId: string): ResourceAccess {
  const found = resourceAccess(rows, userId);
  if (!can(found.access, 'members.read_all')) throw new AppError('NOT_FOUND');
  return found;
}

interface ReadReview {
  access: ResourceAccess;
  review: ReviewRow;
  items: ItemRow[];
  head: AuditHead | null;
}

/**
 * One round trip for a review: the caller's access to its resource (404 for anyone but its admins), the
 * review, its items (or one person's, `userId`) and the head of the resource's audit chain for a write.
 */
export async function readReview(
  db: D1Database,
  caller: Caller,
  reviewId: string,
  userId?: string,
): Promise<ReadReview> {
  const [accessResult, reviewResult, itemsResult, headResult] = await db.batch([
    selectReviewAccess(db, reviewId, caller.userId),
    selectReview(db, reviewId),
    selectItems(db, reviewId, userId),
    selectReviewHead(db, reviewId),
  ]);
  const access = reviewAccess(rowsOf<AccessRow>(accessResult), caller.userId);
  const [review] = rowsOf<ReviewRow>(reviewResult);
  if (!review) throw new AppError('NOT_FOUND');
  return {
    access,
    review,
    items: rowsOf<ItemRow>(itemsResult),
    head: rowsOf<AuditHead>(headResult)[0] ?? null,
  };
}

/** A review about to change: its admins only, and only while it is open. */
export async function readOpenReview(
  db: D1Database,
  caller: Caller,
  reviewId: string,
  userId?: string,
): Promise<ReadReview> {
  const read = await readReview(db, caller, reviewId, userId);
  authorize(read.access.access, 'members.manage');
  if (read.review.status !== 'open') throw new AppError('REVIEW_CLOSED');
  return read;
}

/**
 * POST /api/{kind}/{id}/reviews: opens a review. Round trip 1 authorises and reads the chain's head; round
 * trip 2 writes the review, the snapshot of everyone who reaches the resource (taken in SQL, in the batch),
 * the audit event, and reads the snapshot back. A second open review fails on the partial unique index.
 */
export async function startReview(
  db: D1Database,
  caller: Caller,
  kind: Kind,
  resourceId: string,
  now: number,
) {
  return withChainRetry(async () => {
    const [accessResult, headResult] = await db.batch([
      selectAccess(db, kind, resourceId, caller.userId),
      selectAuditHead(db, resourceId),
    ]);
    const found = resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId);
    authorize(found.access, 'members.manage');
    const reviewId = newId();
    try {
      const results = await commitWithAudit(
        db,
        rowsOf<AuditHead>(headResult)[0] ?? null,
        {
          resourceId,
          action: 'review.started',
          actorId: caller.userId,
          targetUserId: null,
          before: null,
          after: { reviewId },
          requestId: caller.requestId,
          at: now,
        },
        [
          stillAdministers(db, resourceId, caller.userId, 'members.manage'),
          insertReview(db, { id: reviewId, resourceId, startedBy: caller.userId, at: now }),
          insertItems(db, reviewId, resourceId),
          selectReview(db, reviewId),
          selectItems(db, reviewId),
        ],
      );
      const [review] = rowsOf<ReviewRow>(results[3]);
      if (!review) throw new AppError('INTERNAL');
      return toReview(review, rowsOf<ItemRow>(results[4]));
    } catch (error) {
      return translateAbort(error, REVIEW_ABORTS);
    }
  });
}

/**
 * GET /api/{kind}/{id}/reviews: a page of the resource's reviews, the newest first, after `cursor`, for its
 * admins (an operator is refused, anyone else told it does not exist). One round trip; a cursor that is not
 * one is refused before it.
 */
export async function listReviews(
  db: D1Database,
  caller: Caller,
  kind: Kind,
  resourceId: string,
  cursor?: string,
) {
  const after = cursor ? decodeTimeCursor(cursor) : null;
  const [accessResult, reviewsResult, countResult] = await db.batch([
    selectAccess(db, kind, resourceId, caller.userId),
    selectResourceReviews(db, resourceId, { after, limit: PAST_PAGE + 1 }),
    selectReviewCount(db, resourceId),
  ]);
  authorize(resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId).access, 'members.read_all');
  const total = rowsOf<{ total: number }>(countResult)[0]?.total ?? 0;
  return toPastReviews(rowsOf<PastReviewRow>(reviewsResult), total, PAST_PAGE);
}

/** GET /api/reviews/{reviewId}: one round trip. */
export async function getReview(db: D1Database, caller: Caller, reviewId: string) {
  const { review, items } = await readReview(db, caller, reviewId);
  return toReview(review, items);
}

/**
 * PUT /api/reviews/{reviewId}/items/{userId}: keep or remove. Each decision is an audit event on the
 * resource's chain, so decisions and the completion are put in one order: a completion never records a
 * decision other than the one that stood when it was written. The same decision again writes nothing.
 */
export async function decide(
  db: D1Database,
  caller: Caller,
  ref: { reviewId: string; userId: string },
  decision: Decision,
  now: number,
) {
  return withChainRetry(async () => {
    const { review, items, head } = await readOpenReview(db, caller, ref.reviewId, ref.userId);
    const [item] = items;
    if (!item) throw new AppError('NOT_FOUND');
    if (item.decision === decision) return toItem(item);
    try {
      const results = await commitWithAudit(
        db,
        head,
        {
          resourceId: review.resource_id,
          action: 'review.decided',
          actorId: caller.userId,
          targetUserId: ref.userId,
          before: { reviewId: ref.reviewId, decision: item.decision },
          after: { reviewId: ref.reviewId, decision },
          requestId: caller.requestId,
          at: now,
        },
        [
          stillAdministers(db, review.resource_id, caller.userId, 'members.manage'),
          updateDecision(db, ref.reviewId, ref.userId, { decision, by: caller.userId, at: now }),
          selectItems(db, ref.reviewId, ref.userId),
        ],
      );
      const [updated] = rowsOf<ItemRow>(results[2]);
      if (!updated) throw new AppError('NOT_FOUND');
      return toItem(updated);
    } catch (error) {
      return translateAbort(error, REVIEW_ABORTS);
    }
  });
}

/**
 * POST /api/reviews/{reviewId}/keep-rest (「すべて残す」): everyone still undecided is kept, one `review.decided`
 * event each, in one batch; those already decided keep their decision. Answers the whole review.
 */
export async function keepRest(db: D1Database, caller: Caller, reviewId: string, now: number) {
  return withChainRetry(async () => {
    const { review, items, head } = await readOpenReview(db, caller, reviewId);
    const undecided = items.filter((item) => item.decision === null).map((item) => item.user_id);
    if (undecided.length === 0) return toReview(review, items);
    try {
      const results = await commitWithAudit(
        db,
        head,
        undecided.map((userId) => ({
          resourceId: review.resource_id,
          action: 'review.decided' as const,
          actorId: caller.userId,
          targetUserId: userId,
          before: { reviewId, decision: null },
          after: { reviewId, decision: 'keep' },
          requestId: caller.requestId,
          at: now,
        })),
        [
          stillAdministers(db, review.resource_id, caller.userId, 'members.manage'),
          keepUndecided(db, reviewId, undecided, caller.userId, now),
          selectItems(db, reviewId),
        ],
      );
      return toReview(review, rowsOf<ItemRow>(results[2]));
    } catch (error) {
      return translateAbort(error, REVIEW_ABORTS);
    }
  });
}
