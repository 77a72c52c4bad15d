/**
 * A statement for a change's batch that aborts it (AUTHORITY_CHANGED) unless the caller still administers
 * the resource when the batch runs: the read that authorised the change may be stale when the admin role
 * came through a group (see migrations/0005_authority_guard.sql). `withChainRetry` reads again.
 */
export function stillAdministers(db: D1Database, resourceId: string, userId: string): D1PreparedStatement {
  return db
    .prepare('INSERT INTO admin_check (resource_id, user_id) VALUES (?1, ?2)')
    .bind(resourceId, userId);
}
