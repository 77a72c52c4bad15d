import { effectiveRole, type Grant, sourceOf } from '../authz/roles';
import { rowsOf } from '../lib/d1';
import { AppError } from '../lib/errors';
import { toGrant } from '../resources/repo';
import type { Kind } from '../resources/schema';
import { selectUser, toUser, type UserRow } from '../users/repo';
import { type PendingRequestRow, type ReachRow, selectPendingRequests, selectReach } from './repo';

interface Reach {
  kind: Kind;
  id: string;
  name: string;
  basicId: string | null;
  adminCount: number;
  grants: Grant[];
}

function groupByResource(rows: readonly ReachRow[]): Reach[] {
  const byId = new Map<string, Reach>();
  for (const row of rows) {
    const reach = byId.get(row.id) ?? {
      kind: row.kind,
      id: row.id,
      name: row.name,
      basicId: row.basic_id,
      adminCount: row.admin_count,
      grants: [],
    };
    reach.grants.push(toGrant(row));
    byId.set(row.id, reach);
  }
  return [...byId.values()];
}

/** What GET /api/me reads besides the user: everything they reach, and their undecided join requests. */
export function accessStatements(db: D1Database, userId: string): [D1PreparedStatement, D1PreparedStatement] {
  return [selectReach(db, userId), selectPendingRequests(db, userId)];
}

/** The body of GET /api/me from the rows of the user and of `accessStatements`. */
export function toMe(user: UserRow, [reachResult, requestsResult]: D1Result[]) {
  const resources = groupByResource(rowsOf<ReachRow>(reachResult))
    .flatMap((reach) => {
      const role = effectiveRole(reach.grants);
      return role ? [{ ...reach, role, source: sourceOf(reach.grants) }] : [];
    })
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name, 'ja'));
  const pendingRequests = rowsOf<PendingRequestRow>(requestsResult).map((row) => ({
    id: row.id,
    role: row.role,
    createdAt: new Date(row.created_at).toISOString(),
    resource: { kind: row.resource_kind, id: row.resource_id, name: row.resource_name },
  }));
  return { user: toUser(user), resources, pendingRequests };
}

/** The caller, everything they reach with role and source, and their undecided join requests: one round trip. */
export async function describeMe(db: D1Database, userId: string) {
  const [userResult, ...accessResults] = await db.batch([
    selectUser(db, userId),
    ...accessStatements(db, userId),
  ]);
  const [user] = rowsOf<UserRow>(userResult);
  if (!user) {
    throw new AppError('UNAUTHENTICATED');
  }
  return toMe(user, accessResults);
}
