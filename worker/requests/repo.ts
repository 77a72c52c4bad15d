import type { Role } from '../authz/roles';

export interface JoinRequestRow {
  id: string;
  invite_id: string;
  resource_id: string;
  user_id: string;
  role: Role;
  status: 'pending' | 'approved' | 'rejected';
  created_at: number;
}

export function insertJoinRequest(
  db: D1Database,
  request: { id: string; inviteId: string; resourceId: string; userId: string; role: Role; at: number },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO join_requests (id, invite_id, resource_id, user_id, role, status, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6)`,
    )
    .bind(request.id, request.inviteId, request.resourceId, request.userId, request.role, request.at);
}

export function selectJoinRequest(db: D1Database, requestId: string): D1PreparedStatement {
  return db
    .prepare(
      'SELECT id, invite_id, resource_id, user_id, role, status, created_at FROM join_requests WHERE id = ?1',
    )
    .bind(requestId);
}

/** Decides a request; the schema's trigger aborts the batch if it was already decided (REQUEST_NOT_PENDING). */
export function decideJoinRequest(
  db: D1Database,
  requestId: string,
  decision: { status: 'approved' | 'rejected'; by: string; at: number },
): D1PreparedStatement {
  return db
    .prepare('UPDATE join_requests SET status = ?2, decided_by = ?3, decided_at = ?4 WHERE id = ?1')
    .bind(requestId, decision.status, decision.by, decision.at);
}

export type PendingJoinRequestRow = JoinRequestRow & { display_name: string; picture_url: string | null };

export function selectPendingJoinRequests(db: D1Database, resourceId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT j.id, j.invite_id, j.resource_id, j.user_id, j.role, j.status, j.created_at,
              u.display_name, u.picture_url
         FROM join_requests j JOIN users u ON u.id = j.user_id
        WHERE j.resource_id = ?1 AND j.status = 'pending'
        ORDER BY j.created_at`,
    )
    .bind(resourceId);
}
