import { reviewDueMessage } from '../notifications/messages';
import { notificationIds, notifyDirectAdmins, REACHABLE } from '../notifications/outbox';
import type { Kind } from '../resources/schema';

const WEEK_MS = 7 * 86_400_000;
/** Reminders written per cron run (every 15 minutes); the rest come in the next runs. */
export const OVERDUE_REMINDER_LIMIT = 50;

export interface OverdueRow {
  id: string;
  resource_id: string;
  kind: Kind;
  name: string;
  due_at: number;
}

/**
 * Open reviews past their deadline (?1) whose resource's admins have had no `review.due` message for a
 * week (?2): not the one that opened the review, not a reminder. Only resources with a direct admin who can
 * be reached are candidates, so unreachable ones never take the places of the LIMIT.
 *
 * Cost: the open reviews stream from the partial index of open reviews (reviews_one_open), each probed by key
 * for its resource, for a reachable direct admin (memberships_admins) and for the resource's notifications of
 * the last week (notifications_by_resource); the scan stops at the LIMIT. When nearly every overdue review was
 * reminded this week, a run reads the open reviews through: one index entry and row per open review.
 */
export function selectOverdueToRemind(db: D1Database, now: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT v.id, v.resource_id, r.kind, r.name, v.due_at
         FROM reviews v CROSS JOIN resources r ON r.id = v.resource_id
        WHERE v.status = 'open' AND v.due_at < ?1
          AND EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
                       WHERE m.resource_id = v.resource_id AND m.role = 'admin' AND ${REACHABLE})
          AND NOT EXISTS (SELECT 1 FROM notifications n
                           WHERE n.resource_id = v.resource_id AND n.created_at > ?2 AND n.kind = 'review.due')
        LIMIT ${OVERDUE_REMINDER_LIMIT}`,
    )
    .bind(now, now - WEEK_MS);
}

/**
 * The cron's reminder of overdue reviews (SPEC §8: an access review due → admins), at most once a week per
 * resource: the notifications table is the memory, as for the single-admin reminder. One read, one batch of
 * outbox inserts to each reachable direct admin. Answers the ids written.
 */
export async function remindOverdueReviews(db: D1Database, now: number): Promise<string[]> {
  const { results } = await selectOverdueToRemind(db, now).all<OverdueRow>();
  return remindAbout(db, results, now);
}

/**
 * The batch of a run, on what its read found. The week's quiet is asked again in each insert: two runs that
 * overlap (a slow run and the next one) read the same candidates, and only the first to write tells anyone.
 */
export async function remindAbout(db: D1Database, results: readonly OverdueRow[], now: number) {
  if (results.length === 0) return [];
  const written = await db.batch(
    results.map((row) =>
      notifyDirectAdmins(db, {
        kind: 'review.due',
        resourceId: row.resource_id,
        subjectId: row.id,
        messages: reviewDueMessage({
          resource: { kind: row.kind, id: row.resource_id, name: row.name },
          reviewId: row.id,
          dueAt: row.due_at,
          overdue: true,
        }),
        at: now,
        quietForMs: WEEK_MS,
      }),
    ),
  );
  return written.flatMap(notificationIds);
}
