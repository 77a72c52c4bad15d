import type { Role } from '../authz/roles';
import { DIRECT_MEMBERS_SQL } from '../resources/repo';

/** One direct membership (a `MemberRow`), or no row: a grant through a group is not changed here. */
export function selectDirectMember(db: D1Database, resourceId: string, userId: string): D1PreparedStatement {
  return db.prepare(`${DIRECT_MEMBERS_SQL} AND m.user_id = ?2`).bind(resourceId, userId);
}

export function updateMemberRole(
  db: D1Database,
  resourceId: string,
  userId: string,
  role: Role,
): D1PreparedStatement {
  return db
    .prepare('UPDATE memberships SET role = ?3 WHERE resource_id = ?1 AND user_id = ?2')
    .bind(resourceId, userId, role);
}

export function deleteMember(db: D1Database, resourceId: string, userId: string): D1PreparedStatement {
  return db
    .prepare('DELETE FROM memberships WHERE resource_id = ?1 AND user_id = ?2')
    .bind(resourceId, userId);
}
