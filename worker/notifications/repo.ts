import type { NotificationKind } from './outbox';

/** Failed notifications an admin sees at a time: the newest; older ones add nothing they could act on. */
export const FAILED_SHOWN = 50;

export interface FailedNotificationRow {
  id: string;
  kind: NotificationKind;
  recipient_id: string;
  display_name: string;
  status: 'failed';
  attempts: number;
  last_error: string | null;
  created_at: number;
}

/** A resource's (?1) notifications LINE could not be made to deliver, newest first, by their partial index. */
export function selectFailedNotifications(db: D1Database, resourceId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT n.id, n.kind, n.recipient_id, u.display_name, n.status, n.attempts, n.last_error, n.created_at
         FROM notifications n CROSS JOIN users u ON u.id = n.recipient_id
        WHERE n.resource_id = ?1 AND n.status = 'failed'
        ORDER BY n.created_at DESC, n.id
        LIMIT ${FAILED_SHOWN}`,
    )
    .bind(resourceId);
}
