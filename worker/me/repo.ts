import { type Action, managesInSql, REQUIREMENTS, roleInSql } from '../authz/can';
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

/**
 * SQL true when a grant (`role`, direct when `direct` = 1) lets its holder decide a join request for the
 * role in `requested`: the two actions of `can()` for requests, with their own roles and "through".
 */
function decidesInSql(requested: string, role: string, direct: string): string {
  const allows = (action: Action) =>
    `(${roleInSql(role, action)}${REQUIREMENTS[action].through === 'direct' ? ` AND ${direct} = 1` : ''})`;
  return `CASE ${requested} WHEN 'admin' THEN ${allows('requests.decide_admin')} ELSE ${allows('requests.decide')} END`;
}

export interface DecidableRequestRow {
  id: string;
  role: Role;
  created_at: number;
  user_id: string;
  display_name: string;
  resource_id: string;
  resource_kind: Kind;
  resource_name: string;
  /** How many there are in all, before the limit: the same on every row. */
  total: number;
}

/**
 * The undecided join requests the user (?1) may decide, the most recent `limit` of them and how many in all.
 * Reads start from the user's own managing grants (direct, and accounts through their groups: index ranges)
 * and probe each such resource's pending requests by index: no other company's rows are read.
 */
export function selectDecidableRequests(db: D1Database, userId: string, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `WITH grants (resource_id, role, direct) AS (
         SELECT resource_id, role, 1 FROM memberships WHERE user_id = ?1 AND ${managesInSql('role')}
         UNION ALL
         SELECT ga.account_id, gm.role, 0
           FROM memberships gm CROSS JOIN group_accounts ga ON ga.group_id = gm.resource_id
          WHERE gm.user_id = ?1 AND ${managesInSql('gm.role')}
       ),
       decidable AS MATERIALIZED (
         SELECT DISTINCT j.id, j.role, j.created_at, j.user_id, j.resource_id
           FROM grants g CROSS JOIN join_requests j ON j.resource_id = g.resource_id AND j.status = 'pending'
          WHERE ${decidesInSql('j.role', 'g.role', 'g.direct')}
       )
       SELECT d.id, d.role, d.created_at, d.user_id, u.display_name, r.id AS resource_id,
              r.kind AS resource_kind, r.name AS resource_name, count(*) OVER () AS total
         FROM decidable d CROSS JOIN users u ON u.id = d.user_id CROSS JOIN resources r ON r.id = d.resource_id
        ORDER BY d.created_at DESC, d.id
        LIMIT ?2`,
    )
    .bind(userId, limit);
}

export interface ExpiringInviteRow {
  id: string;
  role: Role;
  expires_at: number;
  resource_id: string;
  resource_kind: Kind;
  resource_name: string;
  total: number;
}

/**
 * The user's (?1) live invites (rule 10: one they could no longer issue is as good as revoked) that expire
 * after ?2 and by ?3, soonest first, and how many in all: a range of the issuer's pending invites by expiry
 * (invites_pending_by_issuer_expiry, migration 0008).
 */
export function selectExpiringInvites(
  db: D1Database,
  userId: string,
  window: { from: number; to: number; limit: number },
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT i.id, i.role, i.expires_at, r.id AS resource_id, r.kind AS resource_kind,
              r.name AS resource_name, count(*) OVER () AS total
         FROM live_invites i CROSS JOIN resources r ON r.id = i.resource_id
        WHERE i.created_by = ?1 AND i.expires_at > ?2 AND i.expires_at <= ?3
        ORDER BY i.expires_at, i.id
        LIMIT ?4`,
    )
    .bind(userId, window.from, window.to, window.limit);
}

export interface OpenReviewRow {
  id: string;
  due_at: number;
  resource_id: string;
  resource_kind: Kind;
  resource_name: string;
  total: number;
}

/**
 * The open access reviews (SPEC §10) of the resources the user (?1) directly administers, soonest due first,
 * and how many in all: the user's admin grants are an index range (memberships_by_user), each probed for its
 * one open review by key (reviews_one_open, migration 0011). Direct admins are who the review is for, as they
 * are who the cron's LINE message tells.
 */
export function selectOpenReviews(db: D1Database, userId: string, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT v.id, v.due_at, r.id AS resource_id, r.kind AS resource_kind, r.name AS resource_name,
              count(*) OVER () AS total
         FROM memberships m
         CROSS JOIN reviews v ON v.resource_id = m.resource_id AND v.status = 'open'
         CROSS JOIN resources r ON r.id = m.resource_id
        WHERE m.user_id = ?1 AND m.role = 'admin'
        ORDER BY v.due_at, v.id
        LIMIT ?2`,
    )
    .bind(userId, limit);
}
