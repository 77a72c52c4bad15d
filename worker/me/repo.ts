import { managesInSql, roleInSql } from '../authz/can';
import type { Role } from '../authz/roles';
import type { Kind } from '../resources/schema';

/** How many direct admins a resource has: asked per row of a page only, never of everything reached. */
const adminCount = (resourceId: string) =>
  `(SELECT count(*) FROM memberships a WHERE a.resource_id = ${resourceId} AND a.role = 'admin')`;

export interface SummaryRow {
  accounts: number;
  groups: number;
  administered: number;
  pending_requests: number;
}

/**
 * ホーム's totals: the distinct accounts and groups the user reaches (directly, or accounts through their
 * groups), how many of them they administer, and their undecided join requests. Counted in SQL, so the
 * answer stays a few numbers however much the user reaches. ?1 = the user.
 */
export function selectSummary(db: D1Database, userId: string): D1PreparedStatement {
  return db
    .prepare(
      `WITH grants (id, kind, manages) AS (
         SELECT m.resource_id, r.kind, ${managesInSql('m.role')}
           FROM memberships m CROSS JOIN resources r ON r.id = m.resource_id
          WHERE m.user_id = ?1
         UNION ALL
         SELECT ga.account_id, 'account', ${managesInSql('gm.role')}
           FROM memberships gm CROSS JOIN group_accounts ga ON ga.group_id = gm.resource_id
          WHERE gm.user_id = ?1
       ),
       reached (kind, manages) AS (SELECT min(kind), max(manages) FROM grants GROUP BY id)
       SELECT coalesce(sum(kind = 'account'), 0) AS accounts,
              coalesce(sum(kind = 'group'), 0) AS groups,
              coalesce(sum(manages), 0) AS administered,
              (SELECT count(*) FROM join_requests WHERE user_id = ?1 AND status = 'pending') AS pending_requests
         FROM reached`,
    )
    .bind(userId);
}

export interface ResourcePageQuery {
  userId: string;
  kind: Kind;
  /** The last resource of the previous page, by the (name, id) order of the list. */
  after: { name: string; id: string } | null;
  /** A LIKE pattern for the name (`containing`), or null for every name. */
  search: string | null;
  /** Only accounts the user may put into a group: their direct admin ones (rule 11). */
  directAdmin: boolean;
  /** Resources to read: a page and one more, which tells whether there is a next page. */
  limit: number;
}

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

/** The ids of what the user (?1) reaches in the kind asked, as a FROM item with an `id` column. */
function reachOf(query: ResourcePageQuery): string {
  if (query.directAdmin) {
    return `SELECT resource_id AS id FROM memberships
             WHERE user_id = ?1 AND ${roleInSql('role', 'account.groups.add')}`;
  }
  const direct = 'SELECT resource_id AS id FROM memberships WHERE user_id = ?1';
  // Groups do not nest, so only accounts are reached through a group.
  return query.kind === 'group'
    ? direct
    : `${direct}
       UNION
       SELECT ga.account_id FROM memberships gm CROSS JOIN group_accounts ga ON ga.group_id = gm.resource_id
        WHERE gm.user_id = ?1`;
}

/**
 * One page of what the user reaches of one kind, by name then id, one row per grant (direct, then each
 * group). The page is chosen first from the ids the user reaches (their own memberships, read by index),
 * and only its rows are joined to their grants and admin counts: past the sort of those ids, the cost is
 * one page's, however much the user reaches. Only the filters in use are written into the SQL.
 */
export function selectResourcePage(db: D1Database, query: ResourcePageQuery): D1PreparedStatement {
  // ?1 is the user, ?2 the kind; each filter in use appends its own parameters (D1 refuses unused bindings).
  const binds: string[] = [query.userId, query.kind];
  const param = (value: string) => {
    binds.push(value);
    return `?${binds.length}`;
  };
  const filters = [
    'r.kind = ?2',
    query.after ? `(r.name, r.id) > (${param(query.after.name)}, ${param(query.after.id)})` : null,
    query.search === null ? null : `r.name LIKE ${param(query.search)} ESCAPE '\\'`,
  ].filter((filter) => filter !== null);
  return db
    .prepare(
      `WITH page AS MATERIALIZED (
         SELECT r.id, r.kind, r.name, r.basic_id
           FROM (${reachOf(query)}) reach CROSS JOIN resources r ON r.id = reach.id
          WHERE ${filters.join(' AND ')}
          ORDER BY r.name, r.id
          LIMIT ${Math.trunc(query.limit)}
       )
       SELECT p.id, p.kind, p.name, p.basic_id, m.role, NULL AS group_id, NULL AS group_name,
              ${adminCount('p.id')} AS admin_count
         FROM page p CROSS JOIN memberships m ON m.resource_id = p.id AND m.user_id = ?1
       UNION ALL
       SELECT p.id, p.kind, p.name, p.basic_id, gm.role, g.id, g.name, ${adminCount('p.id')}
         FROM page p
         CROSS JOIN group_accounts ga ON ga.account_id = p.id
         CROSS JOIN memberships gm ON gm.resource_id = ga.group_id AND gm.user_id = ?1
         CROSS JOIN resources g ON g.id = ga.group_id
        ORDER BY 3, 1, 7`,
    )
    .bind(...binds);
}

export interface PendingRequestRow {
  id: string;
  role: Role;
  created_at: number;
  resource_id: string;
  resource_kind: Kind;
  resource_name: string;
}

/** The caller's most recent `limit` join requests that an admin has yet to decide. */
export function selectPendingRequests(db: D1Database, userId: string, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT j.id, j.role, j.created_at, r.id AS resource_id, r.kind AS resource_kind, r.name AS resource_name
         FROM join_requests j JOIN resources r ON r.id = j.resource_id
        WHERE j.user_id = ?1 AND j.status = 'pending'
        ORDER BY j.created_at DESC, j.id
        LIMIT ?2`,
    )
    .bind(userId, limit);
}
