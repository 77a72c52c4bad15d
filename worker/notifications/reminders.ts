import type { Kind } from '../resources/schema';
import { singleAdminMessage } from './messages';
import { notificationIds, notifyPerson } from './outbox';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** Reminders written per cron run (every 15 minutes); the rest come in the next runs. */
const REMINDER_LIMIT = 100;

interface SingleAdminRow {
  resource_id: string;
  admin_id: string;
  kind: Kind;
  name: string;
}

/**
 * SPEC §8: an account or group with exactly one direct admin reminds that admin, at most once a week. The
 * notifications table itself is the memory: no `single_admin` row for the resource in the last 7 days. A
 * resource's first week counts as one too, so its creator is not told within minutes of creating it. Only
 * admins who can be reached are candidates, so unreachable ones never take the places of the LIMIT.
 *
 * Cost: the candidates stream from the partial index of direct admins (memberships_admins), grouped in its
 * resource order, each probed by key for its user, its resource and its last reminder
 * (notifications_single_admin); the scan stops at the LIMIT. When nearly every single-admin resource was
 * reminded this week, a run reads that index through: one index entry per direct admin, no table rows.
 */
export function selectSingleAdmins(db: D1Database, now: number): D1PreparedStatement {
  return db
    .prepare(
      `WITH single (resource_id, admin_id) AS (
         SELECT resource_id, min(user_id) FROM memberships WHERE role = 'admin'
          GROUP BY resource_id HAVING count(*) = 1
       )
       SELECT s.resource_id, s.admin_id, r.kind, r.name
         FROM single s CROSS JOIN users u ON u.id = s.admin_id CROSS JOIN resources r ON r.id = s.resource_id
        WHERE u.line_friend = 1 AND u.notifications_enabled = 1 AND r.created_at <= ?1
          AND NOT EXISTS (SELECT 1 FROM notifications n
                           WHERE n.resource_id = s.resource_id AND n.kind = 'single_admin' AND n.created_at > ?1)
        LIMIT ${REMINDER_LIMIT}`,
    )
    .bind(now - WEEK_MS);
}

/** The cron's reminders: one read, one batch of outbox inserts. Answers the ids written. */
export async function remindSingleAdmins(db: D1Database, now: number): Promise<string[]> {
  const { results } = await selectSingleAdmins(db, now).all<SingleAdminRow>();
  if (results.length === 0) return [];
  const written = await db.batch(
    results.map((row) =>
      notifyPerson(db, row.admin_id, {
        kind: 'single_admin',
        resourceId: row.resource_id,
        subjectId: null,
        messages: singleAdminMessage({ resource: { kind: row.kind, id: row.resource_id, name: row.name } }),
        at: now,
        quietForMs: WEEK_MS,
      }),
    ),
  );
  return written.flatMap(notificationIds);
}
