import { type AuditHead, auditHeadSql, withChainRetry } from '../audit/chain';
import { commitWithAudit } from '../audit/commit';
import { stillAdministers } from '../authz/guard';
import { setInviteStatus } from '../invites/repo';
import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { AppError, translateAbort } from '../lib/errors';
import { requestApprovedMessage, requestRejectedMessage } from '../notifications/messages';
import { notificationIds, notifyPerson } from '../notifications/outbox';
import { authorize, resourceAccess } from '../resources/access';
import { type AccessRow, accessSql, insertMembership } from '../resources/repo';
import { decideJoinRequest, type JoinRequestRow, selectJoinRequest } from './repo';

const ofRequest = '(SELECT resource_id FROM join_requests WHERE id = ?1)';

/** A join request with the decider's access to its resource and the chain head: one round trip. */
async function loadForDecision(db: D1Database, caller: Caller, requestId: string) {
  const [accessResult, requestResult, headResult] = await db.batch([
    db.prepare(accessSql(ofRequest)).bind(requestId, caller.userId),
    selectJoinRequest(db, requestId),
    db.prepare(auditHeadSql(ofRequest)).bind(requestId),
  ]);
  const found = resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId);
  authorize(found.access, 'requests.decide');
  const [request] = rowsOf<JoinRequestRow>(requestResult);
  if (!request) {
    throw new AppError('NOT_FOUND');
  }
  if (request.status !== 'pending') {
    throw new AppError('REQUEST_NOT_PENDING');
  }
  return {
    request,
    access: found.access,
    resource: found.resource,
    head: rowsOf<AuditHead>(headResult)[0] ?? null,
  };
}

const DECISION_ABORTS = {
  REQUEST_NOT_PENDING: 'REQUEST_NOT_PENDING',
  MEMBER_LIMIT: 'MEMBER_LIMIT',
  'memberships.resource_id': 'ALREADY_MEMBER',
} as const;

/**
 * Four eyes: an admin grants the role that the accepted invite asked for. The requester is told in LINE;
 * `notifications` are the ids the batch put in the outbox.
 */
export async function approveRequest(db: D1Database, caller: Caller, requestId: string, now: number) {
  return withChainRetry(async () => {
    const { request, access, resource, head } = await loadForDecision(db, caller, requestId);
    // Rule 11: approving an admin request makes a direct admin.
    if (request.role === 'admin') authorize(access, 'requests.decide_admin');
    const written = await commitWithAudit(
      db,
      head,
      {
        resourceId: request.resource_id,
        action: 'request.approved',
        actorId: caller.userId,
        targetUserId: request.user_id,
        before: { requestId, status: 'pending' },
        after: { requestId, status: 'approved', role: request.role },
        requestId: caller.requestId,
        at: now,
      },
      [
        stillAdministers(
          db,
          request.resource_id,
          caller.userId,
          request.role === 'admin' ? 'requests.decide_admin' : 'requests.decide',
        ),
        decideJoinRequest(db, requestId, { status: 'approved', by: caller.userId, at: now }),
        setInviteStatus(db, request.invite_id, { status: 'accepted', usedBy: null, at: now }),
        insertMembership(db, {
          resourceId: request.resource_id,
          userId: request.user_id,
          role: request.role,
          addedBy: caller.userId,
          at: now,
        }),
        notifyPerson(db, request.user_id, {
          kind: 'request.approved',
          resourceId: request.resource_id,
          subjectId: requestId,
          messages: requestApprovedMessage({ resource, role: request.role }),
          at: now,
        }),
      ],
    ).catch((error: unknown) => translateAbort(error, DECISION_ABORTS));
    return {
      notifications: notificationIds(written.at(-1)),
      membership: {
        resource: { kind: resource.kind, id: resource.id, name: resource.name },
        userId: request.user_id,
        role: request.role,
        since: new Date(now).toISOString(),
      },
    };
  });
}

/** The requester is told in LINE; answers the ids the batch put in the outbox. */
export async function rejectRequest(db: D1Database, caller: Caller, requestId: string, now: number) {
  return withChainRetry(async () => {
    const { request, resource, head } = await loadForDecision(db, caller, requestId);
    const written = await commitWithAudit(
      db,
      head,
      {
        resourceId: request.resource_id,
        action: 'request.rejected',
        actorId: caller.userId,
        targetUserId: request.user_id,
        before: { requestId, status: 'pending' },
        after: { requestId, status: 'rejected' },
        requestId: caller.requestId,
        at: now,
      },
      [
        stillAdministers(db, request.resource_id, caller.userId, 'requests.decide'),
        decideJoinRequest(db, requestId, { status: 'rejected', by: caller.userId, at: now }),
        setInviteStatus(db, request.invite_id, { status: 'rejected', usedBy: null, at: now }),
        notifyPerson(db, request.user_id, {
          kind: 'request.rejected',
          resourceId: request.resource_id,
          subjectId: requestId,
          messages: requestRejectedMessage({ resource, role: request.role }),
          at: now,
        }),
      ],
    ).catch((error: unknown) => translateAbort(error, DECISION_ABORTS));
    return notificationIds(written.at(-1));
  });
}
