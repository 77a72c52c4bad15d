import { type AuditHead, selectAuditHead } from '../audit/chain';
import { commitWithAudit } from '../audit/commit';
import type { Role } from '../authz/roles';
import { inviteExpiredMessage } from '../notifications/messages';
import { notificationIds, notifyPerson } from '../notifications/outbox';
import type { Kind } from '../resources/schema';
import { setInviteStatus } from './repo';

interface StaleInvite {
  id: string;
  resource_id: string;
  role: Role;
  created_by: string;
  kind: Kind;
  name: string;
}

/** Invites handled per scheduled run; the rest wait for the next run (they are already unusable). */
const BATCH_LIMIT = 500;

/**
 * The scheduled job: marks pending invites past their 24 hours as expired, each with its audit event and the
 * notification to its issuer (SPEC §8: an invite expired unused), one batch per resource. Expired invites are
 * refused even before this runs; this makes it visible. Answers the ids of the notifications written.
 */
export async function expireInvites(db: D1Database, now: number, requestId: string): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT i.id, i.resource_id, i.role, i.created_by, r.kind, r.name
         FROM invites i CROSS JOIN resources r ON r.id = i.resource_id
        WHERE i.status = 'pending' AND i.expires_at <= ?1
        ORDER BY i.resource_id, i.expires_at LIMIT ?2`,
    )
    .bind(now, BATCH_LIMIT)
    .all<StaleInvite>();
  const byResource = Map.groupBy(results, (invite) => invite.resource_id);
  const notifications: string[] = [];
  for (const [resourceId, invites] of byResource) {
    try {
      const head = await selectAuditHead(db, resourceId).first<AuditHead>();
      const written = await commitWithAudit(
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
        [
          ...invites.map((invite) =>
            setInviteStatus(db, invite.id, { status: 'expired', usedBy: null, at: now }),
          ),
          ...invites.map((invite) =>
            notifyPerson(db, invite.created_by, {
              kind: 'invite.expired',
              resourceId,
              subjectId: invite.id,
              messages: inviteExpiredMessage({
                resource: { kind: invite.kind, id: resourceId, name: invite.name },
                role: invite.role,
              }),
              at: now,
            }),
          ),
        ],
      );
      notifications.push(...written.slice(invites.length).flatMap(notificationIds));
    } catch (error) {
      // A concurrent accept or audit append on this resource: nothing was written; the next run retries.
      console.warn(JSON.stringify({ job: 'expireInvites', resourceId, error: String(error) }));
    }
  }
  return notifications;
}
