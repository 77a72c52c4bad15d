import type { Role } from '../authz/roles';
import type { Kind } from '../resources/schema';

export interface ReachRow {
  id: string;
  kind: Kind;
  name: string;
  basic_id: string | null;
  role: Role;
  group_id: string | null;
  group_name: string | null;
  admin_count: number;
}

/** Every resource a user reaches, one row per grant: direct memberships, then accounts through groups. */
export function selectReach(db: D1Database, userId: string): D1PreparedStatement {
  const adminCount = `(SELECT count(*) FROM memberships a WHERE a.resource_id = r.id AND a.role = 'admin')`;
  return db
    .prepare(
      `SELECT r.id, r.kind, r.name, r.basic_id, m.role, NULL AS group_id, NULL AS group_name,
              ${adminCount} AS admin_count
         FROM memberships m JOIN resources r ON r.id = m.resource_id
        WHERE m.user_id = ?1
       UNION ALL
       SELECT r.id, r.kind, r.name, r.basic_id, gm.role, g.id, g.name, ${adminCount}
         FROM memberships gm
         JOIN resources g ON g.id = gm.resource_id AND g.kind = 'group'
         JOIN group_accounts ga ON ga.group_id = g.id
         JOIN resources r ON r.id = ga.account_id
        WHERE gm.user_id = ?1`,
    )
    .bind(userId);
}

export interface PendingRequestRow {
  id: string;
  role: Role;
  created_at: number;
  resource_id: string;
  resource_kind: Kind;
  resource_name: string;
}

/** The caller's join requests that an admin has yet to decide. */
export function selectPendingRequests(db: D1Database, userId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT j.id, j.role, j.created_at, r.id AS resource_id, r.kind AS resource_kind, r.name AS resource_name
         FROM join_requests j JOIN resources r ON r.id = j.resource_id
        WHERE j.user_id = ?1 AND j.status = 'pending'
        ORDER BY j.created_at DESC`,
    )
    .bind(userId);
}
