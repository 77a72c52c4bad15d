import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { authorize, resourceAccess } from '../resources/access';
import { type AccessRow, selectAccess } from '../resources/repo';
import type { Kind } from '../resources/schema';
import { type FailedNotificationRow, selectFailedNotifications } from './repo';

/**
 * GET /api/{kind}/{id}/notifications: what could not be delivered about the resource (SPEC §8: kept,
 * visible to admins), so an admin can tell the person another way. One round trip.
 */
export async function listFailedNotifications(
  db: D1Database,
  caller: Caller,
  kind: Kind,
  resourceId: string,
) {
  const [accessResult, failedResult] = await db.batch([
    selectAccess(db, kind, resourceId, caller.userId),
    selectFailedNotifications(db, resourceId),
  ]);
  authorize(resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId).access, 'notifications.read');
  return {
    notifications: rowsOf<FailedNotificationRow>(failedResult).map((row) => ({
      id: row.id,
      kind: row.kind,
      recipient: { userId: row.recipient_id, displayName: row.display_name },
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: new Date(row.created_at).toISOString(),
    })),
  };
}
