import { managesInSql } from '../authz/can';
import type { Role } from '../authz/roles';
import { type LooseEndRow, looseEndsSql } from '../members/ends';
import type { Kind } from '../resources/schema';
import { REVIEW_WINDOW_MS } from '../reviews/repo';

/**
 * The resources a user administers: their direct admin memberships, and every account of a group they
 * administer (a group admin is admin of its accounts). ?1 = the user.
 */
const ADMINISTERED = `administered (id) AS (
    SELECT resource_id FROM memberships WHERE user_id = ?1 AND ${managesInSql('role')}
    UNION
    SELECT ga.account_id FROM memberships gm JOIN group_accounts ga ON ga.group_id = gm.resource_id
     WHERE gm.user_id = ?1 AND ${managesInSql('gm.role')}
  )`;

/**
 * SQL that is true when the caller (the parameter `caller`, ?1 unless told) administers the resource
 * `resourceId` names: as its direct admin, or as admin of a group that contains it. Asked per membership row
 * through primary keys, so its cost does not grow with how many resources the caller administers (CROSS JOIN
 * starts from the resource's few groups, never from the caller's many admin memberships).
 */
function administeredByCaller(resourceId: string, caller = '?1'): string {
  return `(EXISTS (SELECT 1 FROM memberships a
                    WHERE a.resource_id = ${resourceId} AND a.user_id = ${caller} AND ${managesInSql('a.role')})
           OR EXISTS (SELECT 1 FROM group_accounts ag
                        CROSS JOIN memberships a ON a.resource_id = ag.group_id AND a.user_id = ${caller}
                         AND ${managesInSql('a.role')}
                       WHERE ag.account_id = ${resourceId}))`;
}

/**
 * Every grant on an administered resource held by the people of `people` (a FROM item with an `id`
 * column, aliased p): direct memberships, then group memberships reaching administered accounts. Each
 * person's few memberships are read and tested, never the other way round (CROSS JOIN keeps that order).
 */
function grantsOf(people: string): string {
  return `SELECT p.id AS user_id, m.resource_id, m.role, NULL AS group_id
            FROM ${people} CROSS JOIN memberships m ON m.user_id = p.id
           WHERE ${administeredByCaller('m.resource_id')}
          UNION ALL
          SELECT p.id, ga.account_id, gm.role, gm.resource_id
            FROM ${people} CROSS JOIN memberships gm ON gm.user_id = p.id
            CROSS JOIN group_accounts ga ON ga.group_id = gm.resource_id
           WHERE ${administeredByCaller('ga.account_id')}`;
}

export interface AccessPageQuery {
  callerId: string;
  after: { name: string; id: string } | null;
  userId: string | null;
  search: string | null;
  /** People on the page; `null` for everyone (the CSV). */
  limit: number | null;
  /** Only this resource's people and grants (one account's or group's export), or `null` for everything. */
  resourceId?: string | null;
}

export interface AccessRow {
  user_id: string;
  display_name: string;
  picture_url: string | null;
  last_seen_at: number | null;
  resource_id: string;
  kind: Kind;
  name: string;
  basic_id: string | null;
  role: Role;
  group_id: string | null;
  group_name: string | null;
}

/** Overdue reviews that come with the overview's first page, the most overdue first; `total` counts them all. */
export const OVERDUE_SHOWN = 20;

export interface OverdueReviewRow {
  resource_id: string;
  kind: Kind;
  name: string;
  due_at: number;
  review_id: string | null;
  total: number;
}

/**
 * What the caller (?1) administers whose access review is overdue at ?2 (SPEC §10): past its deadline, as
 * ホーム flags it. The deadline is the open review's, or, for a review due that the schedule has not opened
 * yet (the cron drains a backlog over its runs), the one it would have had opening when due: a review only
 * due is not late yet. Starts
 * from the caller's own admin grants and their groups' accounts, each resource and its one open review read
 * by key, as the count beside it does.
 */
export function selectOverdueReviews(db: D1Database, callerId: string, now: number): D1PreparedStatement {
  return db
    .prepare(
      `WITH ${ADMINISTERED}
       SELECT r.id AS resource_id, r.kind, r.name, coalesce(v.due_at, r.review_due_at + ${REVIEW_WINDOW_MS}) AS due_at,
              v.id AS review_id, count(*) OVER () AS total
         FROM administered a
         CROSS JOIN resources r ON r.id = a.id
         LEFT JOIN reviews v ON v.resource_id = r.id AND v.status = 'open'
        WHERE coalesce(v.due_at, r.review_due_at + ${REVIEW_WINDOW_MS}) < ?2
        ORDER BY due_at, r.id
        LIMIT ${OVERDUE_SHOWN}`,
    )
    .bind(callerId, now);
}

/**
 * Round trip of a page, first statement: how many resources the caller administers (their own rows only).
 */
export function selectAdministeredCount(db: D1Database, callerId: string): D1PreparedStatement {
  return db.prepare(`WITH ${ADMINISTERED} SELECT count(*) AS resources FROM administered`).bind(callerId);
}

/**
 * One page of people with access, by name then id, each with every grant they hold on what the caller
 * administers. The page's people are a walk of the caller's own `sightings` rows in name order (migration
 * 0006 keeps that table in step with every membership and group link), so a page costs a page: not the
 * caller's other people, not anyone else's users. Only the filters in use are written into the SQL, so the
 * planner seeks instead of scanning.
 */
export function selectAccessPage(db: D1Database, query: AccessPageQuery): D1PreparedStatement {
  // ?1 is the caller; each filter in use appends its own parameters (D1 refuses unused bindings).
  const binds: Array<string | number> = [query.callerId];
  const param = (value: string) => {
    binds.push(value);
    return `?${binds.length}`;
  };
  const only = query.resourceId ? param(query.resourceId) : null;
  // A page's filters; one resource's export has none (it is the whole of that resource).
  const filters = only
    ? []
    : [
        's.admin_id = ?1',
        query.after
          ? `(s.display_name, s.user_id) > (${param(query.after.name)}, ${param(query.after.id)})`
          : null,
        query.userId === null ? null : `s.user_id = ${param(query.userId)}`,
        query.search === null ? null : `s.display_name LIKE ${param(query.search)} ESCAPE '\\'`,
      ];
  // The page size is written into the SQL: with a bound LIMIT the planner cannot tell that stopping early pays.
  // CROSS JOIN keeps the page's grants first: otherwise the planner may walk every user by name to sort.
  const limit = query.limit === null ? '' : `LIMIT ${Math.trunc(query.limit)}`;
  // One resource's export starts from its own people (the `reach` of that one resource), not the caller's.
  const people = only
    ? `SELECT DISTINCT user_id AS id FROM reach WHERE resource_id = ${only}`
    : `SELECT s.user_id AS id FROM sightings s
        ${whereOf(filters)}
        ORDER BY s.display_name, s.user_id
        ${limit}`;
  return db
    .prepare(
      `WITH people AS (${people}),
       grants AS (${grantsOf('people p')})
       SELECT u.id AS user_id, u.display_name, u.picture_url, u.last_seen_at, g.resource_id, r.kind, r.name, r.basic_id, g.role,
              g.group_id, grp.name AS group_name
         FROM grants g
         CROSS JOIN users u ON u.id = g.user_id
         CROSS JOIN resources r ON r.id = g.resource_id
         LEFT JOIN resources grp ON grp.id = g.group_id
        ${only ? `WHERE g.resource_id = ${only}` : ''}
        ORDER BY u.display_name, u.id, r.kind, r.name`,
    )
    .bind(...binds);
}

function whereOf(conditions: ReadonlyArray<string | null>): string {
  const used = conditions.filter((condition) => condition !== null);
  return used.length === 0 ? '' : `WHERE ${used.join(' AND ')}`;
}

export interface DirectGrantRow {
  resource_id: string;
  kind: Kind;
  name: string;
  role: Role;
  admin_count: number;
  caller_direct_role: Role | null;
  caller_group_role: Role | null;
  head_seq: number | null;
  head_hash: string | null;
}

/** The head of resource `resourceId`'s chain, as two columns, for writing without reading again. */
const headColumns = (resourceId: string) => `
  (SELECT seq FROM audit_events WHERE resource_id = ${resourceId} ORDER BY seq DESC LIMIT 1) AS head_seq,
  (SELECT hash FROM audit_events WHERE resource_id = ${resourceId} ORDER BY seq DESC LIMIT 1) AS head_hash`;

/** The caller's (?1) direct role on resource `resourceId`, and their best role there through a group. */
const callerRoles = (resourceId: string) => `
  (SELECT c.role FROM memberships c WHERE c.resource_id = ${resourceId} AND c.user_id = ?1) AS caller_direct_role,
  (SELECT c.role FROM group_accounts cg JOIN memberships c ON c.resource_id = cg.group_id AND c.user_id = ?1
    WHERE cg.account_id = ${resourceId} ORDER BY ${managesInSql('c.role')} DESC LIMIT 1) AS caller_group_role`;

/**
 * The person's (?2) direct memberships on what the caller (?1) administers (what offboarding removes), each
 * with the caller's roles there and the head of the resource's audit chain.
 */
export function selectDirectGrants(db: D1Database, callerId: string, userId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT m.resource_id, r.kind, r.name, m.role,
              (SELECT count(*) FROM memberships a WHERE a.resource_id = m.resource_id AND a.role = 'admin')
                AS admin_count,
              ${callerRoles('m.resource_id')}, ${headColumns('m.resource_id')}
         FROM memberships m
         JOIN resources r ON r.id = m.resource_id
        WHERE m.user_id = ?2 AND ${administeredByCaller('m.resource_id')}
        ORDER BY r.kind, r.name`,
    )
    .bind(callerId, userId);
}

export type OpenEndRow = LooseEndRow & {
  kind_of_resource: Kind;
  name: string;
  head_seq: number | null;
  head_hash: string | null;
};

/** The person's (?1) open invites and join requests on what the caller (?3) administers; ?2 = the clock. */
export function selectOpenEnds(db: D1Database, callerId: string, userId: string, now: number) {
  return db
    .prepare(
      `SELECT e.*, r.kind AS kind_of_resource, r.name, ${headColumns('e.resource_id')}
         FROM (${looseEndsSql((column) => administeredByCaller(column, '?3'))}) e
         JOIN resources r ON r.id = e.resource_id`,
    )
    .bind(userId, now, callerId);
}

export interface GroupPathRow {
  group_id: string;
  group_name: string;
  account_id: string;
  account_name: string;
  caller_group_role: Role | null;
  caller_account_role: Role | null;
}

/**
 * Every group link through which the person (?2) reaches an account the caller (?1) administers: the paths
 * offboarding must cut unless it removes the person from the group itself.
 */
export function selectGroupPaths(db: D1Database, callerId: string, userId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ga.group_id, g.name AS group_name, ga.account_id, a.name AS account_name,
              (SELECT c.role FROM memberships c WHERE c.resource_id = ga.group_id AND c.user_id = ?1)
                AS caller_group_role,
              (SELECT c.role FROM memberships c WHERE c.resource_id = ga.account_id AND c.user_id = ?1)
                AS caller_account_role
         FROM memberships pm
         JOIN group_accounts ga ON ga.group_id = pm.resource_id
         JOIN resources g ON g.id = ga.group_id
         JOIN resources a ON a.id = ga.account_id
        WHERE pm.user_id = ?2 AND ${administeredByCaller('ga.account_id')}
        ORDER BY a.name, g.name`,
    )
    .bind(callerId, userId);
}

export function selectUserName(db: D1Database, userId: string): D1PreparedStatement {
  return db.prepare('SELECT display_name FROM users WHERE id = ?1').bind(userId);
}
