import type { Role } from '../authz/roles';
import type { Kind } from '../resources/schema';

/**
 * The resources a user administers: their direct admin memberships, and every account of a group they
 * administer (a group admin is admin of its accounts). ?1 = the user. Materialized once per query.
 */
const ADMINISTERED = `administered (id) AS MATERIALIZED (
    SELECT resource_id FROM memberships WHERE user_id = ?1 AND role = 'admin'
    UNION
    SELECT ga.account_id FROM memberships gm JOIN group_accounts ga ON ga.group_id = gm.resource_id
     WHERE gm.user_id = ?1 AND gm.role = 'admin'
  )`;

/**
 * Every grant on an administered resource held by the people of `people` (a FROM item with an `id`
 * column, aliased p): direct memberships, then group memberships reaching administered accounts.
 */
function grantsOf(people: string): string {
  return `SELECT p.id AS user_id, m.resource_id, m.role, NULL AS group_id
            FROM ${people} JOIN memberships m ON m.user_id = p.id
           WHERE m.resource_id IN (SELECT id FROM administered)
          UNION ALL
          SELECT p.id, ga.account_id, gm.role, gm.resource_id
            FROM ${people} JOIN memberships gm ON gm.user_id = p.id
            JOIN group_accounts ga ON ga.group_id = gm.resource_id
           WHERE ga.account_id IN (SELECT id FROM administered)`;
}

export interface AccessPageQuery {
  callerId: string;
  after: { name: string; id: string } | null;
  userId: string | null;
  search: string | null;
  limit: number;
}

export interface AccessRow {
  user_id: string;
  display_name: string;
  picture_url: string | null;
  resource_id: string;
  kind: Kind;
  name: string;
  basic_id: string | null;
  role: Role;
  group_id: string | null;
  group_name: string | null;
}

/**
 * One page of people with access, by name then id (keyset paging over `users_by_name`), each with every
 * grant they hold on what the caller administers. People are found by walking users in order and asking
 * the memberships index about each, so a page costs the same however many people there are in all.
 */
export function selectAccessPage(db: D1Database, query: AccessPageQuery): D1PreparedStatement {
  return db
    .prepare(
      `WITH ${ADMINISTERED},
       people AS (
         SELECT u.id, u.display_name, u.picture_url FROM users u
          WHERE (?2 IS NULL OR (u.display_name, u.id) > (?2, ?3))
            AND (?4 IS NULL OR u.id = ?4)
            AND (?5 IS NULL OR u.display_name LIKE ?5 ESCAPE '\\')
            AND EXISTS (${grantsOf('(SELECT u.id AS id) p')})
          ORDER BY u.display_name, u.id
          LIMIT ?6
       ),
       grants AS (${grantsOf('people p')})
       SELECT p.id AS user_id, p.display_name, p.picture_url, g.resource_id, r.kind, r.name, r.basic_id, g.role,
              g.group_id, grp.name AS group_name
         FROM grants g
         JOIN people p ON p.id = g.user_id
         JOIN resources r ON r.id = g.resource_id
         LEFT JOIN resources grp ON grp.id = g.group_id
        ORDER BY p.display_name, p.id, r.kind, r.name`,
    )
    .bind(
      query.callerId,
      query.after?.name ?? null,
      query.after?.id ?? null,
      query.userId,
      query.search,
      query.limit,
    );
}

export function countAdministered(db: D1Database, callerId: string): D1PreparedStatement {
  return db.prepare(`WITH ${ADMINISTERED} SELECT count(*) AS n FROM administered`).bind(callerId);
}

export interface DirectGrantRow {
  resource_id: string;
  kind: Kind;
  name: string;
  role: Role;
  head_seq: number | null;
  head_hash: string | null;
}

/**
 * The person's direct memberships on what the caller administers (what offboarding removes), each with
 * the head of its resource's audit chain, so that every removal can be written without reading again.
 */
export function selectDirectGrants(db: D1Database, callerId: string, userId: string): D1PreparedStatement {
  return db
    .prepare(
      `WITH ${ADMINISTERED}
       SELECT m.resource_id, r.kind, r.name, m.role, e.seq AS head_seq, e.hash AS head_hash
         FROM memberships m
         JOIN resources r ON r.id = m.resource_id
         LEFT JOIN audit_events e ON e.resource_id = m.resource_id
          AND e.seq = (SELECT max(seq) FROM audit_events WHERE resource_id = m.resource_id)
        WHERE m.user_id = ?2 AND m.resource_id IN (SELECT id FROM administered)
        ORDER BY r.kind, r.name`,
    )
    .bind(callerId, userId);
}
