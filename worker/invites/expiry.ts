import { type AuditHead, selectAuditHead } from '../audit/chain';
import { commitWithAudit } from '../audit/commit';
import type { Role } from '../authz/roles';
import { setInviteStatus } from './repo';

interface StaleInvite {
  id: string;
  resource_id: string;
  role: Role;
}

/** Invites handled per scheduled run; the rest wait for the next run (they are already unusable). */
const BATCH_LIMIT = 500;

/**
 * The scheduled job: marks pending invites past their 24 hours as expired, each with its audit event,
 * one batch per resource. Expired invites are refused even before this runs; this makes it visible.
 */
export async function expireInvites(db: D1Database, now: number, requestId: string): Promise<number> {
  const { results } = await db
    .prepare(
      `SELECT id, resource_id, role FROM invites WHERE status = 'pending' AND expires_at <= ?1
        ORDER BY resource_id, expires_at LIMIT ?2`,
    )
    .bind(now, BATCH_LIMIT)
    .all<StaleInvite>();
  const byResource = Map.groupBy(results, (invite) => invite.resource_id);
  let expired = 0;
  for (const [resourceId, invites] of byResource) {
    try {
      const head = await selectAuditHead(db, resourceId).first<AuditHead>();
      await commitWithAudit(
        db,
        head,
        invites.map((invite) => ({
          resourceId,
          action: 'invite.expired' as const,
          actorId: 'system',
          targetUserId: null,
          before: { inviteId: invite.id, status: 'pending' },
          after: { inviteId: invite.id, status: 'expired', role: invite.role },
          requestId,
          at: now,
        })),
        invites.map((invite) => setInviteStatus(db, invite.id, { status: 'expired', usedBy: null, at: now })),
      );
      expired += invites.length;
    } catch (error) {
      // A concurrent accept or audit append on this resource: nothing was written; the next run retries.
      console.warn(JSON.stringify({ job: 'expireInvites', resourceId, error: String(error) }));
    }
  }
  return expired;
}
