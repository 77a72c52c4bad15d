import { roleInSql } from '../authz/can';
import type { Role } from '../authz/roles';
import { type LooseEndRow, looseEndsSql } from '../members/ends';
import type { Kind } from '../resources/schema';

/** A membership role that lets its holder manage a resource's members: what "administers" means here. */
const manages = (column: string) => roleInSql(column, 'members.manage');

/**
 * The resources a user administers: their direct admin memberships, and every account of a group they
 * administer (a group admin is admin of its accounts). ?1 = the user.
 */
const ADMINISTERED = `administered (id) AS (
    SELECT resource_id FROM memberships WHERE user_id = ?1 AND ${manages('role')}
    UNION
    SELECT ga.account_id FROM memberships gm JOIN group_accounts ga ON ga.group_id = gm.resource_id
     WHERE gm.user_id = ?1 AND ${manages('gm.role')}
  )`;

/**
 * SQL that is true when the caller (the parameter `caller`, ?1 unless told) administers the resource
 * `resourceId` names: as its direct admin, or as admin of a group that contains it. Asked per membership row
 * through primary keys, so its cost does not grow with how many resources the caller administers.
 */
function administeredByCaller(resourceId: string, caller = '?1'): string {
  return `(EXISTS (SELECT 1 FROM memberships a
                    WHERE a.resource_id = ${resourceId} AND a.user_id = ${caller} AND ${manages('a.role')})
           OR EXISTS (SELECT 1 FROM group_accounts ag
                        JOIN memberships a ON a.resource_id = ag.group_id AND a.user_id = ${caller}
                         AND ${manages('a.role')}
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
 * The membership rows that put someone on the caller's overview, one row each (a person in several
 * administered resources is several rows): direct members of every administered resource, and members of
 * every group holding an administered account. Read from the caller's side through primary keys, so its cost
 * is the caller's own data. Needs the `administered` CTE.
 */
// CROSS JOIN fixes the join order (SQLite never reorders it): without statistics the planner may otherwise
// scan every membership and probe the few administered resources, the cost this query exists to avoid.
const REACHED = `SELECT m.user_id FROM administered ad CROSS JOIN memberships m ON m.resource_id = ad.id
       UNION ALL
       SELECT gm.user_id FROM administered ad
         CROSS JOIN group_accounts ga ON ga.account_id = ad.id
         CROSS JOIN memberships gm ON gm.resource_id = ga.group_id`;

/**
 * How to find a page's people. `members`: collect the people of what the caller administers, then sort them
 * (cost: the caller's membership rows). `walk`: walk `users_by_name` from the cursor and test each user
 * (cost: the users visited, about page size × all users / the caller's people). `none`: the caller
 * administers nothing, so there is no one to find.
 */
export type AccessStrategy = 'members' | 'walk' | 'none';

/** Below this many reached membership rows, collecting and sorting them costs less than any walk. */
export const WALK_MIN_ROWS = 5000;
/**
 * The walk is chosen only while all users ≤ this × the caller's reached rows: the walk visits about
 * page size × all users / the caller's people, so past this share of the database it visits more than
 * collecting reads, and collecting's cost is the caller's own data, whoever else is in the database.
 * Measured (sqlite3, 1,000 accounts × 100 people = 100,000 rows, plus 100,000 users of other companies named
 * among them): walk 41 ms, collect 64 ms; at 500,000 others the walk visits five times as many.
 */
export const WALK_MAX_USERS_PER_ROW = 1.5;

/**
 * Round trip 1 of a page: how many resources the caller administers, how many membership rows reach their
 * overview (counted only as far as the rule needs, so never more than the caller's own rows), and how many
 * users exist (the largest rowid: one index seek, not a count; deletions make it an over-estimate, which only
 * favours collecting).
 */
export function selectAccessStats(db: D1Database, callerId: string): D1PreparedStatement {
  return db
    .prepare(
      `WITH ${ADMINISTERED},
       total (users) AS (SELECT coalesce(max(rowid), 0) FROM users)
       SELECT (SELECT count(*) FROM administered) AS resources,
              (SELECT count(*) FROM (${REACHED}
                LIMIT max(${WALK_MIN_ROWS}, CAST((SELECT users FROM total) / ${WALK_MAX_USERS_PER_ROW} AS INTEGER) + 1))) AS reached,
              (SELECT users FROM total) AS users`,
    )
    .bind(callerId);
}

export interface AccessStats {
  resources: number;
  reached: number;
  users: number;
}

/**
 * The rule between the two ways. Collecting costs the caller's rows; walking costs the users visited,
 * which grows with everyone else's users. Walk only when the caller's rows are many (sorting them would
 * cost more than a short walk) and a large share of all users (so the walk stops early); a search always
 * collects, since a walk cannot know how far it must go to find matches.
 */
export function accessStrategy(stats: AccessStats, query: Pick<AccessPageQuery, 'userId' | 'search'>) {
  if (stats.reached === 0) return 'none' satisfies AccessStrategy;
  if (query.userId !== null || query.search !== null) return 'members' satisfies AccessStrategy;
  const walk = stats.reached >= WALK_MIN_ROWS && stats.reached * WALK_MAX_USERS_PER_ROW >= stats.users;
  return (walk ? 'walk' : 'members') satisfies AccessStrategy;
}

/**
 * One page of people with access, by name then id, each with every grant they hold on what the caller
 * administers; `strategy` (from `accessStrategy`) says how the page's people are found. Only the filters in
 * use are written into the SQL, so the planner can seek instead of scanning.
 */
export function selectAccessPage(
  db: D1Database,
  query: AccessPageQuery,
  strategy: Exclude<AccessStrategy, 'none'>,
): D1PreparedStatement {
  // ?1 is the caller; each filter in use appends its own parameters (D1 refuses unused bindings).
  const binds: Array<string | number> = [query.callerId];
  const param = (value: string) => {
    binds.push(value);
    return `?${binds.length}`;
  };
  const filters = [
    query.after ? `(u.display_name, u.id) > (${param(query.after.name)}, ${param(query.after.id)})` : null,
    query.userId === null ? null : `u.id = ${param(query.userId)}`,
    query.search === null ? null : `u.display_name LIKE ${param(query.search)} ESCAPE '\\'`,
  ];
  // The page size is written into the SQL: with a bound LIMIT the planner cannot tell that stopping early
  // pays, and a walk would test every user before sorting (measured: 5 ms against 120 ms at 10,000 people).
  const limit = query.limit === null ? '' : `LIMIT ${Math.trunc(query.limit)}`;
  const people =
    strategy === 'members'
      ? // The caller's people, deduplicated, then joined to users by primary key: no user outside them is read.
        `reached_people (id) AS (SELECT DISTINCT user_id FROM (${REACHED})),
       people AS (
         SELECT u.id, u.display_name, u.picture_url FROM reached_people rp CROSS JOIN users u ON u.id = rp.id
          ${whereOf(filters)}
          ORDER BY u.display_name, u.id
          ${limit}
       )`
      : // One person is a primary-key lookup; otherwise walk the name index in page order.
        `people AS (
         SELECT u.id, u.display_name, u.picture_url
           FROM ${query.userId === null ? 'users u INDEXED BY users_by_name' : 'users u'}
          ${whereOf([...filters, `EXISTS (${grantsOf('(SELECT u.id AS id) p')})`])}
          ORDER BY u.display_name, u.id
          ${limit}
       )`;
  return db
    .prepare(
      `WITH ${strategy === 'members' ? `${ADMINISTERED}, ` : ''}${people},
       grants AS (${grantsOf('people p')})
       SELECT p.id AS user_id, p.display_name, p.picture_url, g.resource_id, r.kind, r.name, r.basic_id, g.role,
              g.group_id, grp.name AS group_name
         FROM grants g
         JOIN people p ON p.id = g.user_id
         JOIN resources r ON r.id = g.resource_id
         LEFT JOIN resources grp ON grp.id = g.group_id
        ORDER BY p.display_name, p.id, r.kind, r.name`,
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
    WHERE cg.account_id = ${resourceId} ORDER BY ${manages('c.role')} DESC LIMIT 1) AS caller_group_role`;

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
