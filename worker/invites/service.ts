import { type AuditHead, auditHeadSql, withChainRetry } from '../audit/chain';
import { commitWithAudit } from '../audit/commit';
import { stillAdministers } from '../authz/guard';
import type { Role } from '../authz/roles';
import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { AppError, type ErrorCode, translateAbort } from '../lib/errors';
import { newId } from '../lib/ids';
import { inviteAcceptedMessage, inviteDeclinedMessage, joinRequestMessage } from '../notifications/messages';
import { notificationIds, notifyDirectAdmins, notifyPerson } from '../notifications/outbox';
import { insertJoinRequest, type PendingJoinRequestRow, selectPendingJoinRequests } from '../requests/repo';
import { authorize, resourceAccess } from '../resources/access';
import { type AccessRow, accessSql, insertMembership, selectAccess } from '../resources/repo';
import type { Kind } from '../resources/schema';
import { assertSeats, type SeatsRow, selectSeats } from '../resources/seats';
import { selectUser, type UserRow } from '../users/repo';
import {
  currentStatus,
  INVITE_TTL_MS,
  type InviteByTokenRow,
  type InviteRow,
  type InviteStatus,
  insertInvite,
  type OpenInviteRow,
  selectInvite,
  selectInviteByToken,
  selectOpenInvites,
  setInviteStatus,
} from './repo';
import { hashInviteToken, newInviteToken } from './token';

const iso = (ms: number) => new Date(ms).toISOString();

/** What an invitee is told when the invite can no longer be used (410). */
const GONE: Partial<Record<InviteStatus, ErrorCode>> = {
  expired: 'INVITE_EXPIRED',
  revoked: 'INVITE_REVOKED',
  accepted: 'INVITE_USED',
  awaiting_approval: 'INVITE_USED',
  declined: 'INVITE_USED',
  rejected: 'INVITE_USED',
};

/** Aborts of the accept and decline batches, decided in SQL, as API errors. */
const USE_ABORTS: Record<string, ErrorCode> = {
  INVITE_USED: 'INVITE_USED',
  INVITE_REVOKED: 'INVITE_REVOKED',
  INVITE_EXPIRED: 'INVITE_EXPIRED',
  MEMBER_LIMIT: 'MEMBER_LIMIT',
  OWN_INVITE: 'OWN_INVITE',
  'memberships.resource_id': 'ALREADY_MEMBER',
  'join_requests.resource_id': 'REQUEST_PENDING',
};

function inviteView(invite: InviteRow) {
  return {
    id: invite.id,
    role: invite.role,
    status: invite.status,
    createdAt: iso(invite.created_at),
    expiresAt: iso(invite.expires_at),
  };
}

export async function issueInvite(
  db: D1Database,
  caller: Caller,
  kind: Kind,
  resourceId: string,
  role: Role,
  now: number,
) {
  const token = newInviteToken();
  const tokenHash = await hashInviteToken(token);
  const invite: InviteRow = {
    id: newId(),
    resource_id: resourceId,
    role,
    created_by: caller.userId,
    created_at: now,
    expires_at: now + INVITE_TTL_MS,
    status: 'pending',
    used_by: null,
  };
  return withChainRetry(async () => {
    const [accessResult, headResult, seatsResult] = await db.batch([
      selectAccess(db, kind, resourceId, caller.userId),
      db.prepare(auditHeadSql()).bind(resourceId),
      selectSeats(db, resourceId, now),
    ]);
    const { access } = resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId);
    authorize(access, 'invites.manage');
    if (role === 'admin') authorize(access, 'invites.issue_admin');
    assertSeats(rowsOf<SeatsRow>(seatsResult)[0]?.seats ?? 0, 1);
    const insert = insertInvite(db, {
      id: invite.id,
      resourceId,
      role,
      tokenHash,
      createdBy: caller.userId,
      at: now,
    });
    await commitWithAudit(
      db,
      rowsOf<AuditHead>(headResult)[0] ?? null,
      {
        resourceId,
        action: 'invite.issued',
        actorId: caller.userId,
        targetUserId: null,
        before: null,
        after: { inviteId: invite.id, role },
        requestId: caller.requestId,
        at: now,
      },
      [
        stillAdministers(
          db,
          resourceId,
          caller.userId,
          role === 'admin' ? 'invites.issue_admin' : 'invites.manage',
        ),
        insert,
      ],
    ).catch((error: unknown) =>
      // INVITE_ISSUER: the caller lost the right to issue an admin invite between the read and the write.
      translateAbort(error, { MEMBER_LIMIT: 'MEMBER_LIMIT', INVITE_ISSUER: 'FORBIDDEN' }),
    );
    return { invite: inviteView(invite), token };
  });
}

/** Open invites and undecided join requests of a resource (admin). */
export async function listInvites(
  db: D1Database,
  caller: Caller,
  kind: Kind,
  resourceId: string,
  now: number,
) {
  const [accessResult, invitesResult, requestsResult] = await db.batch([
    selectAccess(db, kind, resourceId, caller.userId),
    selectOpenInvites(db, resourceId, now),
    selectPendingJoinRequests(db, resourceId),
  ]);
  authorize(resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId).access, 'invites.manage');
  return {
    invites: rowsOf<OpenInviteRow>(invitesResult).map((row) => ({
      ...inviteView(row),
      createdBy: { userId: row.created_by, displayName: row.creator_name },
    })),
    requests: rowsOf<PendingJoinRequestRow>(requestsResult).map((row) => ({
      id: row.id,
      inviteId: row.invite_id,
      role: row.role,
      createdAt: iso(row.created_at),
      user: { userId: row.user_id, displayName: row.display_name, pictureUrl: row.picture_url },
    })),
  };
}

/** Revokes a pending invite (admin of its resource). Someone without access learns nothing: 404. */
export async function revokeInvite(db: D1Database, caller: Caller, inviteId: string, now: number) {
  const ofInvite = '(SELECT resource_id FROM invites WHERE id = ?1)';
  await withChainRetry(async () => {
    const [accessResult, inviteResult, headResult] = await db.batch([
      db.prepare(accessSql(ofInvite)).bind(inviteId, caller.userId),
      selectInvite(db, inviteId),
      db.prepare(auditHeadSql(ofInvite)).bind(inviteId),
    ]);
    authorize(resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId).access, 'invites.manage');
    const [invite] = rowsOf<InviteRow>(inviteResult);
    if (!invite || currentStatus(invite, now) !== 'pending') {
      throw new AppError('INVITE_NOT_PENDING');
    }
    await commitWithAudit(
      db,
      rowsOf<AuditHead>(headResult)[0] ?? null,
      {
        resourceId: invite.resource_id,
        action: 'invite.revoked',
        actorId: caller.userId,
        targetUserId: null,
        before: { inviteId, status: 'pending' },
        after: { inviteId, status: 'revoked' },
        requestId: caller.requestId,
        at: now,
      },
      [
        stillAdministers(db, invite.resource_id, caller.userId, 'invites.manage'),
        setInviteStatus(db, inviteId, { status: 'revoked', usedBy: null, at: now }),
      ],
    ).catch((error: unknown) =>
      translateAbort(error, {
        INVITE_USED: 'INVITE_NOT_PENDING',
        INVITE_REVOKED: 'INVITE_NOT_PENDING',
        INVITE_EXPIRED: 'INVITE_NOT_PENDING',
      }),
    );
  });
}

/**
 * Reads the invite behind a token together with the head of its resource's audit chain and the caller's name
 * (what a join request's notification says): one round trip.
 */
async function loadByToken(db: D1Database, token: string, userId: string) {
  const tokenHash = await hashInviteToken(token);
  const [inviteResult, headResult, callerResult] = await db.batch([
    selectInviteByToken(db, tokenHash, userId),
    db.prepare(auditHeadSql('(SELECT resource_id FROM invites WHERE token_hash = ?1)')).bind(tokenHash),
    selectUser(db, userId),
  ]);
  const [invite] = rowsOf<InviteByTokenRow>(inviteResult);
  if (!invite) {
    throw new AppError('NOT_FOUND', 'No such invite. Check the link.');
  }
  return {
    invite,
    head: rowsOf<AuditHead>(headResult)[0] ?? null,
    callerName: rowsOf<UserRow>(callerResult)[0]?.display_name ?? '',
  };
}

/**
 * What an invite is. Its own invitee may still look at it after using it, to see where it stands, and its
 * issuer may look at it (`ownInvite`) but never use it.
 */
export async function previewInvite(db: D1Database, caller: Caller, token: string, now: number) {
  const { invite } = await loadByToken(db, token, caller.userId);
  const status = currentStatus(invite, now);
  const gone = GONE[status];
  if (gone && invite.used_by !== caller.userId) {
    throw new AppError(gone);
  }
  return {
    invite: {
      ...inviteView({ ...invite, status }),
      requiresApproval: invite.require_approval === 1,
      resource: {
        kind: invite.kind,
        id: invite.resource_id,
        name: invite.resource_name,
        basicId: invite.basic_id,
      },
      invitedBy: {
        userId: invite.created_by,
        displayName: invite.inviter_name,
        pictureUrl: invite.inviter_picture,
      },
    },
    alreadyMember: invite.already_member === 1,
    ownInvite: invite.created_by === caller.userId,
  };
}

function resourceOf(invite: InviteByTokenRow) {
  return { kind: invite.kind, id: invite.resource_id, name: invite.resource_name };
}

/** The outbox row that tells the inviter what became of their invite, if they can be reached. */
function tellInviter(
  db: D1Database,
  invite: InviteByTokenRow,
  kind: 'invite.accepted' | 'invite.declined',
  invitee: { userId: string; displayName: string },
  now: number,
): D1PreparedStatement {
  const facts = { resource: resourceOf(invite), role: invite.role, invitee };
  return notifyPerson(db, invite.created_by, {
    kind,
    resourceId: invite.resource_id,
    subjectId: invite.id,
    messages: kind === 'invite.accepted' ? inviteAcceptedMessage(facts) : inviteDeclinedMessage(facts),
    at: now,
  });
}

/** Refuses a token that cannot be used by this caller now, before anything is written. */
function assertUsable(invite: InviteByTokenRow, caller: Caller, now: number): void {
  const gone = GONE[currentStatus(invite, now)];
  if (gone) {
    throw new AppError(gone);
  }
  // Rule 10: an admin who issued an invite must not grant it to herself, e.g. to come back after removal.
  if (invite.created_by === caller.userId) {
    throw new AppError('OWN_INVITE');
  }
  // Rule 6: a member's tap must not use up an invite meant for someone else.
  if (invite.already_member === 1) {
    throw new AppError('ALREADY_MEMBER');
  }
}

/**
 * Accepts an invite: the role at once, or a join request where the resource requires approval.
 * The first accepter wins in SQL; everyone else's batch aborts whole (INVITE_USED). The role at once tells
 * the inviter in LINE, a join request the resource's direct admins: `notifications` are the ids the batch
 * put in the outbox.
 */
export async function acceptInvite(db: D1Database, caller: Caller, token: string, now: number) {
  return withChainRetry(async () => {
    const { invite, head, callerName } = await loadByToken(db, token, caller.userId);
    assertUsable(invite, caller, now);
    const event = {
      resourceId: invite.resource_id,
      actorId: caller.userId,
      targetUserId: caller.userId,
      before: null,
      requestId: caller.requestId,
      at: now,
    };
    const resource = resourceOf(invite);
    if (invite.require_approval === 1) {
      const requestId = newId();
      const outbox = notifyDirectAdmins(db, {
        kind: 'request.created',
        resourceId: invite.resource_id,
        subjectId: requestId,
        messages: joinRequestMessage({ resource, role: invite.role, requesterName: callerName }),
        at: now,
      });
      const written = await commitWithAudit(
        db,
        head,
        { ...event, action: 'request.created', after: { inviteId: invite.id, requestId, role: invite.role } },
        [
          setInviteStatus(db, invite.id, { status: 'awaiting_approval', usedBy: caller.userId, at: now }),
          insertJoinRequest(db, {
            id: requestId,
            inviteId: invite.id,
            resourceId: invite.resource_id,
            userId: caller.userId,
            role: invite.role,
            at: now,
          }),
          outbox,
        ],
      ).catch((error: unknown) => translateAbort(error, USE_ABORTS));
      return {
        notifications: notificationIds(written.at(-1)),
        status: 202 as const,
        body: {
          request: {
            id: requestId,
            status: 'pending' as const,
            role: invite.role,
            createdAt: iso(now),
            resource,
          },
        },
      };
    }
    const written = await commitWithAudit(
      db,
      head,
      { ...event, action: 'invite.accepted', after: { inviteId: invite.id, role: invite.role } },
      [
        setInviteStatus(db, invite.id, { status: 'accepted', usedBy: caller.userId, at: now }),
        insertMembership(db, {
          resourceId: invite.resource_id,
          userId: caller.userId,
          role: invite.role,
          addedBy: invite.created_by,
          at: now,
        }),
        tellInviter(db, invite, 'invite.accepted', { userId: caller.userId, displayName: callerName }, now),
      ],
    ).catch((error: unknown) => translateAbort(error, USE_ABORTS));
    return {
      notifications: notificationIds(written.at(-1)),
      status: 200 as const,
      body: {
        membership: {
          resource,
          userId: caller.userId,
          role: invite.role,
          since: iso(now),
        },
      },
    };
  });
}

/** Declines an invite; the inviter is told in LINE. Answers the ids the batch put in the outbox. */
export async function declineInvite(db: D1Database, caller: Caller, token: string, now: number) {
  return withChainRetry(async () => {
    const { invite, head, callerName } = await loadByToken(db, token, caller.userId);
    assertUsable(invite, caller, now);
    const written = await commitWithAudit(
      db,
      head,
      {
        resourceId: invite.resource_id,
        action: 'invite.declined',
        actorId: caller.userId,
        targetUserId: caller.userId,
        before: null,
        after: { inviteId: invite.id, role: invite.role },
        requestId: caller.requestId,
        at: now,
      },
      [
        setInviteStatus(db, invite.id, { status: 'declined', usedBy: caller.userId, at: now }),
        tellInviter(db, invite, 'invite.declined', { userId: caller.userId, displayName: callerName }, now),
      ],
    ).catch((error: unknown) => translateAbort(error, USE_ABORTS));
    return notificationIds(written.at(-1));
  });
}
