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
import { assertSeats, type SeatsRow, seatsSql, selectSeats } from '../resources/seats';
import { selectUser, type UserRow } from '../users/repo';
import {
  currentStatus,
  type EndedInviteRow,
  INVITE_TTL_MS,
  type InviteByTokenRow,
  type InviteRow,
  type InviteStatus,
  insertInvite,
  type OpenInviteRow,
  type SelectedInviteRow,
  selectEndedInvites,
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

/** What anyone shown an invite may see of it: never its memo, which is for the resource's admins. */
function inviteView(invite: Omit<InviteRow, 'memo'>) {
  return {
    id: invite.id,
    role: invite.role,
    status: invite.status,
    createdAt: iso(invite.created_at),
    expiresAt: iso(invite.expires_at),
  };
}

/** An invite as its resource's admins see it: with the memo of whom it is for. */
function adminInviteView(invite: InviteRow) {
  return { ...inviteView(invite), memo: invite.memo };
}

async function freshInvite(resourceId: string, role: Role, memo: string | null, caller: Caller, now: number) {
  const token = newInviteToken();
  const invite: InviteRow = {
    id: newId(),
    resource_id: resourceId,
    role,
    created_by: caller.userId,
    created_at: now,
    expires_at: now + INVITE_TTL_MS,
    status: 'pending',
    used_by: null,
    memo,
  };
  return { token, tokenHash: await hashInviteToken(token), invite };
}

// INVITE_ISSUER: the caller lost the right to issue between the read and the write (an admin invite, say).
const ISSUE_ABORTS: Record<string, ErrorCode> = { MEMBER_LIMIT: 'MEMBER_LIMIT', INVITE_ISSUER: 'FORBIDDEN' };

export async function issueInvite(
  db: D1Database,
  caller: Caller,
  kind: Kind,
  resourceId: string,
  role: Role,
  now: number,
  memo: string | null = null,
) {
  const { token, tokenHash, invite } = await freshInvite(resourceId, role, memo, caller, now);
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
    await commitWithAudit(
      db,
      rowsOf<AuditHead>(headResult)[0] ?? null,
      {
        resourceId,
        action: 'invite.issued',
        actorId: caller.userId,
        targetUserId: null,
        before: null,
        after: { inviteId: invite.id, role, ...(memo ? { memo } : {}) },
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
        insertInvite(db, {
          id: invite.id,
          resourceId,
          role,
          tokenHash,
          createdBy: caller.userId,
          at: now,
          memo,
        }),
      ],
    ).catch((error: unknown) => translateAbort(error, ISSUE_ABORTS));
    return { invite: adminInviteView(invite), token };
  });
}

/**
 * 再発行: a new invite with the same role and memo, issued by the caller, in place of one that is pending,
 * expired or declined. The token is stored hashed, so a pending invite's link cannot be shown again: it is
 * revoked and replaced in the same batch (two audit events, one change), and its old link stops working.
 * An expired one not yet marked by the scheduled job is marked in the batch, so its issuer is not told later
 * that it expired unused. Each invite is issued again at most once (a unique index decides two taps).
 */
export async function reissueInvite(db: D1Database, caller: Caller, inviteId: string, now: number) {
  const ofInvite = '(SELECT resource_id FROM invites WHERE id = ?1)';
  return withChainRetry(async () => {
    const [accessResult, inviteResult, headResult, seatsResult] = await db.batch([
      db.prepare(accessSql(ofInvite)).bind(inviteId, caller.userId),
      selectInvite(db, inviteId),
      db.prepare(auditHeadSql(ofInvite)).bind(inviteId),
      db.prepare(`SELECT ${seatsSql(ofInvite, '?2')} AS seats`).bind(inviteId, now),
    ]);
    const { access } = resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId);
    authorize(access, 'invites.manage');
    const [old] = rowsOf<SelectedInviteRow>(inviteResult);
    if (!old) throw new AppError('NOT_FOUND');
    if (old.role === 'admin') authorize(access, 'invites.issue_admin');
    const status = currentStatus(old, now);
    if (old.reissued === 1 || !(status === 'pending' || status === 'expired' || status === 'declined')) {
      throw new AppError(
        'INVITE_NOT_PENDING',
        'The invite was issued again already, or it was used or revoked.',
      );
    }
    // A live invite gives its seat to its successor; one that ended takes a new seat.
    assertSeats(rowsOf<SeatsRow>(seatsResult)[0]?.seats ?? 0, status === 'pending' ? 0 : 1);
    const resourceId = old.resource_id;
    const { token, tokenHash, invite } = await freshInvite(resourceId, old.role, old.memo, caller, now);
    const base = { resourceId, targetUserId: null, requestId: caller.requestId, at: now };
    const ending =
      status === 'pending'
        ? {
            ...base,
            action: 'invite.revoked' as const,
            actorId: caller.userId,
            before: { inviteId: old.id, status: 'pending' },
            after: { inviteId: old.id, status: 'revoked', reason: 'reissued', reissuedAs: invite.id },
          }
        : old.status === 'pending'
          ? {
              ...base,
              action: 'invite.expired' as const,
              actorId: 'system',
              before: { inviteId: old.id, status: 'pending' },
              after: { inviteId: old.id, status: 'expired', role: old.role },
            }
          : null;
    const issued = {
      ...base,
      action: 'invite.issued' as const,
      actorId: caller.userId,
      before: null,
      after: {
        inviteId: invite.id,
        role: old.role,
        reissuedFrom: old.id,
        ...(old.memo ? { memo: old.memo } : {}),
      },
    };
    await commitWithAudit(
      db,
      rowsOf<AuditHead>(headResult)[0] ?? null,
      ending ? [ending, issued] : [issued],
      [
        stillAdministers(
          db,
          resourceId,
          caller.userId,
          old.role === 'admin' ? 'invites.issue_admin' : 'invites.manage',
        ),
        ...(ending
          ? [
              setInviteStatus(db, old.id, {
                status: status === 'pending' ? 'revoked' : 'expired',
                usedBy: null,
                at: now,
              }),
            ]
          : []),
        insertInvite(db, {
          id: invite.id,
          resourceId,
          role: old.role,
          tokenHash,
          createdBy: caller.userId,
          at: now,
          memo: old.memo,
          reissuedFrom: old.id,
        }),
      ],
    ).catch((error: unknown) =>
      translateAbort(error, {
        ...ISSUE_ABORTS,
        'invites.reissued_from': 'INVITE_NOT_PENDING',
        INVITE_USED: 'INVITE_NOT_PENDING',
        INVITE_REVOKED: 'INVITE_NOT_PENDING',
        INVITE_EXPIRED: 'INVITE_NOT_PENDING',
      }),
    );
    return { invite: adminInviteView(invite), token, replaced: { id: old.id, status } };
  });
}

/** Open invites, invites that ended unused in the last 7 days, and undecided join requests (admin). */
export async function listInvites(
  db: D1Database,
  caller: Caller,
  kind: Kind,
  resourceId: string,
  now: number,
) {
  const [accessResult, invitesResult, endedResult, requestsResult] = await db.batch([
    selectAccess(db, kind, resourceId, caller.userId),
    selectOpenInvites(db, resourceId, now),
    selectEndedInvites(db, resourceId, now),
    selectPendingJoinRequests(db, resourceId),
  ]);
  authorize(resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId).access, 'invites.manage');
  return {
    invites: rowsOf<OpenInviteRow>(invitesResult).map((row) => ({
      ...adminInviteView(row),
      createdBy: { userId: row.created_by, displayName: row.creator_name },
    })),
    ended: rowsOf<EndedInviteRow>(endedResult).map((row) => ({
      ...adminInviteView(row),
      status: row.status === 'declined' ? ('declined' as const) : ('expired' as const),
      createdBy: { userId: row.created_by, displayName: row.creator_name },
      endedAt: iso(row.ended_at),
      declinedBy:
        row.status === 'declined' && row.used_by
          ? { userId: row.used_by, displayName: row.decliner_name ?? '' }
          : null,
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
    const [invite] = rowsOf<SelectedInviteRow>(inviteResult);
    // A pending invite its issuer can no longer issue is revoked as before (the trigger's revocation wins).
    if (
      !invite ||
      currentStatus({ status: invite.status, expires_at: invite.expires_at }, now) !== 'pending'
    ) {
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

/**
 * Whose invite a token was, whatever became of it (also used, revoked or expired): the account or group's
 * name and the inviter's display name, so the holder of a dead link knows whom to ask. Nothing more: no ids,
 * no role, no basic ID, no picture. One read; an unknown token is 404.
 */
export async function aboutInvite(db: D1Database, caller: Caller, token: string, now: number) {
  const [invite] = rowsOf<InviteByTokenRow>(
    await selectInviteByToken(db, await hashInviteToken(token), caller.userId).all(),
  );
  if (!invite) throw new AppError('NOT_FOUND', 'No such invite. Check the link.');
  return {
    invite: {
      status: currentStatus(invite, now),
      resource: { kind: invite.kind, name: invite.resource_name },
      invitedBy: { displayName: invite.inviter_name },
    },
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
