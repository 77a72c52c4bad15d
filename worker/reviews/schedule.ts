import { commitWithAudit } from '../audit/commit';
import { newId } from '../lib/ids';
import { reviewDueMessage } from '../notifications/messages';
import { notificationIds, notifyDirectAdmins } from '../notifications/outbox';
import type { Kind } from '../resources/schema';
import { insertItems, insertReview, REVIEW_WINDOW_MS } from './repo';

/** Reviews opened per cron run (every 15 minutes); a backlog drains over the next runs. */
export const OPEN_LIMIT = 50;

interface DueRow {
  id: string;
  kind: Kind;
  name: string;
  head_seq: number | null;
  head_hash: string | null;
}

/**
 * Which resources are due, with their chains' heads: a range of the partial index `resources_review_due`
 * (migration 0011), which holds only resources with no open review, oldest due first, stopped at the LIMIT;
 * the heads are read by key.
 */
export function selectDue(db: D1Database, now: number) {
  return db
    .prepare(
      `SELECT r.id, r.kind, r.name,
              (SELECT seq FROM audit_events WHERE resource_id = r.id ORDER BY seq DESC LIMIT 1) AS head_seq,
              (SELECT hash FROM audit_events WHERE resource_id = r.id ORDER BY seq DESC LIMIT 1) AS head_hash
         FROM resources r
        WHERE r.review_due_at IS NOT NULL AND r.review_due_at <= ?1
        ORDER BY r.review_due_at LIMIT ${OPEN_LIMIT}`,
    )
    .bind(now);
}

/**
 * The cron's step (SPEC §10): opens the review of each resource that is due, one batch per resource with the
 * snapshot, the `review.started` event (by the system) and a LINE message to each reachable direct admin
 * (SPEC §8: an access review due → admins). A resource whose chain moved meanwhile, or where an admin opened
 * a review first (the one-open index), writes nothing and is picked up by the next run if still due.
 * Answers the ids of the notifications written.
 */
export async function openDueReviews(db: D1Database, now: number, requestId: string): Promise<string[]> {
  const { results } = await selectDue(db, now).all<DueRow>();
  const notifications: string[] = [];
  for (const row of results) {
    const reviewId = newId();
    const head =
      row.head_seq === null || row.head_hash === null ? null : { seq: row.head_seq, hash: row.head_hash };
    try {
      const written = await commitWithAudit(
        db,
        head,
        {
          resourceId: row.id,
          action: 'review.started',
          actorId: 'system',
          targetUserId: null,
          before: null,
          after: { reviewId, scheduled: true },
          requestId,
          at: now,
        },
        [
          insertReview(db, { id: reviewId, resourceId: row.id, startedBy: null, at: now }),
          insertItems(db, reviewId, row.id),
          notifyDirectAdmins(db, {
            kind: 'review.due',
            resourceId: row.id,
            subjectId: reviewId,
            messages: reviewDueMessage({
              resource: { kind: row.kind, id: row.id, name: row.name },
              reviewId,
              dueAt: now + REVIEW_WINDOW_MS,
              overdue: false,
            }),
            at: now,
          }),
        ],
      );
      notifications.push(...notificationIds(written.at(-1)));
    } catch (error) {
      console.warn(JSON.stringify({ job: 'openDueReviews', resourceId: row.id, error: String(error) }));
    }
  }
  return notifications;
}
