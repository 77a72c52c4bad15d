import { type Action, REQUIREMENTS } from './can';

/**
 * A statement for a change's batch that aborts it (AUTHORITY_CHANGED) unless the caller may still do
 * `action` on the resource when the batch runs: an admin, directly when the action needs a direct grant. The
 * read that authorised the change may be stale when the admin role came through a group (see
 * migrations/0005_authority_guard.sql); `withChainRetry` reads again and answers as a serial order would.
 */
export function stillAdministers(
  db: D1Database,
  resourceId: string,
  userId: string,
  action: Action,
): D1PreparedStatement {
  return db
    .prepare('INSERT INTO admin_check (resource_id, user_id, direct) VALUES (?1, ?2, ?3)')
    .bind(resourceId, userId, REQUIREMENTS[action].through === 'direct' ? 1 : 0);
}
