import { effectiveRole, type Grant, type Role } from '../authz/roles';
import type { Kind } from './schema';

/** Rule 2: at most 100 people per account or group (members, pending invites and join requests). */
export const MEMBER_LIMIT = 100;

export interface ResourceRow {
  id: string;
  kind: Kind;
  name: string;
  basic_id: string | null;
  require_approval: number;
  created_at: number;
}

export interface Resource {
  id: string;
  kind: Kind;
  name: string;
  basicId: string | null;
  requireApproval: boolean;
  createdAt: string;
}

export function toResource(row: ResourceRow): Resource {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    basicId: row.basic_id,
    requireApproval: row.require_approval === 1,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export interface GrantRow {
  role: Role;
  group_id: string | null;
  group_name: string | null;
}

export function toGrant(row: GrantRow): Grant {
  return row.group_id === null
    ? { role: row.role, source: 'direct' }
    : { role: row.role, source: 'group', group: { id: row.group_id, name: row.group_name ?? '' } };
}

/**
 * Every grant a user holds on one resource (direct, and through each group containing an account).
 * `resourceId` is SQL yielding the resource id, so callers can name the resource through an invite or
 * a join request and still authorize in the same round trip; ?2 is always the user id.
 */
function grantsSql(resourceId: string): string {
  return `
  SELECT m.role AS role, NULL AS group_id, NULL AS group_name
    FROM memberships m WHERE m.resource_id = ${resourceId} AND m.user_id = ?2
  UNION ALL
  SELECT gm.role, g.id, g.name
    FROM group_accounts ga
    JOIN memberships gm ON gm.resource_id = ga.group_id AND gm.user_id = ?2
    JOIN resources g ON g.id = ga.group_id
   WHERE ga.account_id = ${resourceId}`;
}

export type AccessRow = ResourceRow & GrantRow & { admin_count: number };

/** The resource and the caller's grants on it, one row per grant: no row means "not found for you". */
export function accessSql(resourceId: string): string {
  return `SELECT r.id, r.kind, r.name, r.basic_id, r.require_approval, r.created_at,
              (SELECT count(*) FROM memberships a WHERE a.resource_id = r.id AND a.role = 'admin') AS admin_count,
              g.role, g.group_id, g.group_name
         FROM resources r JOIN (${grantsSql(resourceId)}) g
        WHERE r.id = ${resourceId}`;
}

/** ?1 = resource id, ?2 = user id, ?3 = the kind named in the URL (an id of the other kind is not found). */
export function selectAccess(
  db: D1Database,
  kind: Kind,
  resourceId: string,
  userId: string,
): D1PreparedStatement {
  return db.prepare(`${accessSql('?1')} AND r.kind = ?3`).bind(resourceId, userId, kind);
}

/** ?1 = resource id, ?2 = user id, whatever the resource's kind (a query names it by id alone). */
export function selectAccessOf(db: D1Database, resourceId: string, userId: string): D1PreparedStatement {
  return db.prepare(accessSql('?1')).bind(resourceId, userId);
}

/** The grants of a user on a resource, without the resource: for asking about someone else. */
export function selectGrants(db: D1Database, resourceId: string, userId: string): D1PreparedStatement {
  return db.prepare(grantsSql('?1')).bind(resourceId, userId);
}

export function insertResource(
  db: D1Database,
  resource: { id: string; kind: Kind; name: string; basicId: string | null; createdBy: string; at: number },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO resources (id, kind, name, basic_id, require_approval, created_by, created_at)
       VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)`,
    )
    .bind(resource.id, resource.kind, resource.name, resource.basicId, resource.createdBy, resource.at);
}

export function updateResource(
  db: D1Database,
  resourceId: string,
  patch: { name?: string | undefined; requireApproval?: boolean | undefined },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE resources SET name = coalesce(?2, name), require_approval = coalesce(?3, require_approval)
        WHERE id = ?1`,
    )
    .bind(
      resourceId,
      patch.name ?? null,
      patch.requireApproval === undefined ? null : Number(patch.requireApproval),
    );
}

export function insertMembership(
  db: D1Database,
  membership: { resourceId: string; userId: string; role: Role; addedBy: string | null; at: number },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO memberships (resource_id, user_id, role, added_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)`,
    )
    .bind(membership.resourceId, membership.userId, membership.role, membership.addedBy, membership.at);
}

export interface MemberRow {
  user_id: string;
  display_name: string;
  picture_url: string | null;
  role: Role;
  group_id: string | null;
  group_name: string | null;
  since: number;
  added_by: string | null;
  added_by_name: string | null;
}

/** One entry per person: the grants they hold on the resource, combined into their effective role. */
export function toMembers(rows: readonly MemberRow[]) {
  const byPerson = Map.groupBy(rows, (row) => row.user_id);
  return [...byPerson.values()].map((grants) => {
    const [first] = grants as [MemberRow, ...MemberRow[]];
    const direct = grants.find((row) => row.group_id === null);
    const all = grants.map(toGrant);
    return {
      userId: first.user_id,
      displayName: first.display_name,
      pictureUrl: first.picture_url,
      role: effectiveRole(all) ?? first.role,
      grants: all,
      since: new Date(Math.min(...grants.map((row) => row.since))).toISOString(),
      addedBy:
        direct?.added_by == null
          ? null
          : { userId: direct.added_by, displayName: direct.added_by_name ?? '' },
    };
  });
}

export type Member = ReturnType<typeof toMembers>[number];

/** The direct members of resource ?1, as `MemberRow`s. */
const DIRECT_MEMBERS_SQL = `
  SELECT m.user_id, u.display_name, u.picture_url, m.role, NULL AS group_id, NULL AS group_name,
         m.created_at AS since, m.added_by, ab.display_name AS added_by_name
    FROM memberships m
    JOIN users u ON u.id = m.user_id
    LEFT JOIN users ab ON ab.id = m.added_by
   WHERE m.resource_id = ?1`;

/**
 * Everyone with access to a resource, one row per grant: direct members, then members of each group that
 * contains it. With `userId`, only that person's grants.
 */
export function selectMembers(db: D1Database, resourceId: string, userId?: string): D1PreparedStatement {
  const onePerson = (column: string) => (userId === undefined ? '' : ` AND ${column} = ?2`);
  const statement = db.prepare(
    `${DIRECT_MEMBERS_SQL}${onePerson('m.user_id')}
     UNION ALL
     SELECT gm.user_id, u.display_name, u.picture_url, gm.role, g.id, g.name,
            max(gm.created_at, ga.created_at), gm.added_by, ab.display_name
       FROM group_accounts ga
       JOIN resources g ON g.id = ga.group_id
       JOIN memberships gm ON gm.resource_id = ga.group_id
       JOIN users u ON u.id = gm.user_id
       LEFT JOIN users ab ON ab.id = gm.added_by
      WHERE ga.account_id = ?1${onePerson('gm.user_id')}`,
  );
  return userId === undefined ? statement.bind(resourceId) : statement.bind(resourceId, userId);
}
