import type { AuditEventInput } from '../audit/chain';
import type { Role } from '../authz/roles';
import type { Caller } from '../lib/caller';

/** What someone leaves open on a resource: invites they issued and join requests they made. */
export interface LooseEndRow {
  resource_id: string;
  kind: 'invite' | 'request';
  id: string;
  role: Role;
}

/**
 * A person's open invites and join requests on the resources `where` admits (SQL over the qualified
 * resource id column it is given); ?1 = the person, ?2 = the clock (an invite past its 24 hours is already
 * dead and is left to expire).
 */
export function looseEndsSql(where: (resourceId: string) => string): string {
  return `SELECT i.resource_id, 'invite' AS kind, i.id, i.role FROM invites i
           WHERE i.created_by = ?1 AND i.status = 'pending' AND +i.expires_at > ?2 AND ${where('i.resource_id')}
          UNION ALL
          SELECT j.resource_id, 'request', j.id, j.role FROM join_requests j
           WHERE j.user_id = ?1 AND j.status = 'pending' AND ${where('j.resource_id')}`;
}

/** ?3 = the resource. */
export function selectLooseEnds(db: D1Database, resourceId: string, userId: string, now: number) {
  return db.prepare(looseEndsSql((column) => `${column} = ?3`)).bind(userId, now, resourceId);
}

const ids = (ends: readonly LooseEndRow[], kind: LooseEndRow['kind']) =>
  JSON.stringify(ends.filter((end) => end.kind === kind).map((end) => end.id));

/**
 * Rule 10: when someone loses the admin role on a resource their invites there stop working, and when they
 * lose the resource their join requests there are withdrawn; in the batch of the change that ends it, each
 * with its audit event. The status guards make a concurrent use of one of them a no-op here; that use
 * appended to the same chain, so the batch aborts on the chain head and is read again anyway.
 */
export function endLooseEnds(
  db: D1Database,
  ends: readonly LooseEndRow[],
  change: { userId: string; caller: Caller; at: number },
): { statements: D1PreparedStatement[]; events: AuditEventInput[] } {
  if (ends.length === 0) return { statements: [], events: [] };
  const invites = ids(ends, 'invite');
  const requests = ids(ends, 'request');
  const statements = [
    db
      .prepare(
        `UPDATE invites SET status = 'revoked', decided_at = ?2
          WHERE status = 'pending' AND id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(invites, change.at),
    db
      .prepare(
        `UPDATE invites SET status = 'rejected', decided_at = ?2
          WHERE status = 'awaiting_approval'
            AND id IN (SELECT invite_id FROM join_requests WHERE id IN (SELECT value FROM json_each(?1)))`,
      )
      .bind(requests, change.at),
    db
      .prepare(
        `UPDATE join_requests SET status = 'rejected', decided_by = ?2, decided_at = ?3
          WHERE status = 'pending' AND id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(requests, change.caller.userId, change.at),
  ];
  const events = ends.map(
    (end): AuditEventInput => ({
      resourceId: end.resource_id,
      actorId: change.caller.userId,
      targetUserId: change.userId,
      requestId: change.caller.requestId,
      at: change.at,
      ...(end.kind === 'invite'
        ? {
            action: 'invite.revoked',
            before: { inviteId: end.id, status: 'pending' },
            after: { inviteId: end.id, status: 'revoked', role: end.role, reason: 'issuer_lost_access' },
          }
        : {
            action: 'request.withdrawn',
            before: { requestId: end.id, status: 'pending' },
            after: { requestId: end.id, status: 'withdrawn', role: end.role },
          }),
    }),
  );
  return { statements, events };
}
