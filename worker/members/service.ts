import { type AuditEventInput, type AuditHead, selectAuditHead, withChainRetry } from '../audit/chain';
import { commitWithAudit } from '../audit/commit';
import type { Role } from '../authz/roles';
import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { AppError, translateAbort } from '../lib/errors';
import { authorize, resourceAccess } from '../resources/access';
import { type AccessRow, type MemberRow, selectAccess, toMember } from '../resources/repo';
import type { Kind } from '../resources/schema';
import { deleteMember, selectDirectMember, updateMemberRole } from './repo';

/** A direct membership named by the URL: `/api/{kind}/{resourceId}/members/{userId}`. */
export interface MemberRef {
  kind: Kind;
  resourceId: string;
  userId: string;
}

/**
 * Round trip 1: the caller's access, the target's direct membership and the audit head, in one batch.
 * Authorization comes before the target lookup, so a non-admin learns nothing about who is a member.
 * Rule 5: only admins change roles or remove others; anyone may remove themself (leave).
 */
async function readChange(db: D1Database, caller: Caller, ref: MemberRef, change: 'role' | 'removal') {
  const [accessResult, memberResult, headResult] = await db.batch([
    selectAccess(db, ref.kind, ref.resourceId, caller.userId),
    selectDirectMember(db, ref.resourceId, ref.userId),
    selectAuditHead(db, ref.resourceId),
  ]);
  const found = resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId);
  if (change === 'role' || ref.userId !== caller.userId) {
    authorize(found.access, 'members.manage');
  }
  const [member] = rowsOf<MemberRow>(memberResult);
  if (!member) {
    throw new AppError(
      'NOT_FOUND',
      'No direct member with this id; a grant through a group is changed there.',
    );
  }
  return { member, head: rowsOf<AuditHead>(headResult)[0] ?? null };
}

/**
 * Round trip 2: the change and its audit event, both or neither (rule 8). The last-admin triggers decide
 * rule 3 inside the batch, so no interleaving of requests can pass a check that a read made earlier.
 * Every change of a resource appends to its chain, so a concurrent change makes the audit insert abort
 * the whole batch and `withChainRetry` reads again: round trip 1 is never acted on when stale.
 */
async function commit(
  db: D1Database,
  head: AuditHead | null,
  event: AuditEventInput,
  change: D1PreparedStatement,
): Promise<void> {
  try {
    await commitWithAudit(db, head, event, [change]);
  } catch (error) {
    translateAbort(error, { LAST_ADMIN: 'LAST_ADMIN' });
  }
}

export async function changeMemberRole(
  db: D1Database,
  caller: Caller,
  ref: MemberRef,
  role: Role,
  now: number,
) {
  return withChainRetry(async () => {
    const { member, head } = await readChange(db, caller, ref, 'role');
    if (member.role !== role) {
      await commit(
        db,
        head,
        {
          resourceId: ref.resourceId,
          action: 'member.role_changed',
          actorId: caller.userId,
          targetUserId: ref.userId,
          before: { role: member.role },
          after: { role },
          requestId: caller.requestId,
          at: now,
        },
        updateMemberRole(db, ref.resourceId, ref.userId, role),
      );
    }
    return toMember({ ...member, role });
  });
}

/** Removes someone (admin), or the caller themself: leaving. */
export async function removeMember(
  db: D1Database,
  caller: Caller,
  ref: MemberRef,
  now: number,
): Promise<void> {
  await withChainRetry(async () => {
    const { member, head } = await readChange(db, caller, ref, 'removal');
    await commit(
      db,
      head,
      {
        resourceId: ref.resourceId,
        action: ref.userId === caller.userId ? 'member.left' : 'member.removed',
        actorId: caller.userId,
        targetUserId: ref.userId,
        before: { role: member.role },
        after: null,
        requestId: caller.requestId,
        at: now,
      },
      deleteMember(db, ref.resourceId, ref.userId),
    );
  });
}
