import type { Role } from '../authz/roles';

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
