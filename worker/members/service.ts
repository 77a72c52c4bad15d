import { type AuditEventInput, type AuditHead, selectAuditHead, withChainRetry } from '../audit/chain';
import { commitWithAudit } from '../audit/commit';
import { type Action, can } from '../authz/can';
import { stillAdministers } from '../authz/guard';
import type { Grant, Role } from '../authz/roles';
import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { AppError, translateAbort } from '../lib/errors';
import { memberRemovedMessage, roleChangedMessage } from '../notifications/messages';
import { notificationIds, notifyPerson } from '../notifications/outbox';
import { authorize, resourceAccess } from '../resources/access';
import {
  type AccessRow,
  type MemberRow,
  type Resource,
  selectAccess,
  selectMembers,
  toGrant,
  toMembers,
} from '../resources/repo';
import type { Kind } from '../resources/schema';
import { selectUser, type UserRow } from '../users/repo';
import { endLooseEnds, type LooseEndRow, selectLooseEnds } from './ends';
import { deleteMember, updateMemberRole } from './repo';

/** A direct membership named by the URL: `/api/{kind}/{resourceId}/members/{userId}`. */
export interface MemberRef {
  kind: Kind;
  resourceId: string;
  userId: string;
}

/**
 * A refusal about the person named by the change, not about the caller: they hold no direct membership (or
 * not the one a review looked at), or rule 11 protects them from this caller. A caller who removes several
 * people (a review's completion) records these as the person's outcome and goes on; any other refusal
 * (the caller's own rights gone, CONFLICT) is about the caller and stops them.
 */
export class PersonRefusal extends AppError {}

/**
 * The membership a review decided on: a direct one existing when it opened (`notAddedAfter`), with the role
 * it had then. Anything else (re-added or promoted since) was not reviewed and is left alone.
 */
export interface ReviewedMembership {
  notAddedAfter: number;
  role: Role;
}

/**
 * Rule 11: touching a direct admin, or making someone one, is for direct admins only; other members are
 * managed by any admin, including one through a group.
 */
function actionFor(current: Role, next: Role | null): Action {
  return current === 'admin' || next === 'admin' ? 'members.manage_admins' : 'members.manage';
}

/**
 * Rule 10: what a person left open that ends once their grants are `remaining`: the invites they could no
 * longer issue (asked of `can()`, so a group's admin keeps the invites for roles other than admin on its
 * accounts), and, when they lose the resource, their join requests.
 */
function deadEnds(
  userId: string,
  ends: readonly LooseEndRow[],
  remaining: readonly Grant[],
  lostResource: boolean,
) {
  const access = { userId, grants: remaining };
  return ends.filter((end) =>
    end.kind === 'request'
      ? lostResource
      : !can(access, end.role === 'admin' ? 'invites.issue_admin' : 'invites.manage'),
  );
}

/**
 * Round trip 1: the caller's access and name (for the person's notification), the target's grants, their
 * open invites and requests, and the audit head, in one batch. Authorization comes before the target lookup, so a non-admin learns nothing about who
 * is a member. Rule 5: only admins change roles or remove others; anyone may remove themself (leave).
 */
async function readChange(
  db: D1Database,
  caller: Caller,
  ref: MemberRef,
  next: Role | null,
  now: number,
  reviewed?: ReviewedMembership,
) {
  const [accessResult, memberResult, headResult, endsResult, callerResult] = await db.batch([
    selectAccess(db, ref.kind, ref.resourceId, caller.userId),
    selectMembers(db, ref.resourceId, ref.userId),
    selectAuditHead(db, ref.resourceId),
    selectLooseEnds(db, ref.resourceId, ref.userId, now),
    selectUser(db, caller.userId),
  ]);
  const found = resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId);
  const isLeaving = next === null && ref.userId === caller.userId;
  if (!isLeaving) authorize(found.access, 'members.manage');
  const rows = rowsOf<MemberRow>(memberResult);
  const direct = rows.find((row) => row.group_id === null);
  if (!direct) {
    throw new PersonRefusal(
      'NOT_FOUND',
      'No direct member with this id; a grant through a group is changed there.',
    );
  }
  if (reviewed && direct.since > reviewed.notAddedAfter) {
    // Removed and added again after the review looked: a membership nobody reviewed.
    throw new PersonRefusal('NOT_FOUND', 'They were removed and added again since the review opened.');
  }
  if (reviewed && direct.role !== reviewed.role) {
    throw new PersonRefusal('CONFLICT', 'Their role changed since the review opened; review them again.');
  }
  // What the change was decided on, checked again in its batch; leaving needs no role.
  const authority = isLeaving ? null : actionFor(direct.role, next);
  // Rule 11 refuses this caller about this person (the caller's own rights were checked above).
  if (authority && !can(found.access, authority)) throw new PersonRefusal('FORBIDDEN');
  return {
    authority,
    resource: found.resource,
    callerName: rowsOf<UserRow>(callerResult)[0]?.display_name ?? '',
    rows,
    direct,
    viaGroups: rows.filter((row) => row !== direct).map(toGrant),
    ends: rowsOf<LooseEndRow>(endsResult),
    head: rowsOf<AuditHead>(headResult)[0] ?? null,
  };
}

/**
 * What the person hears in LINE of a change an admin made to their membership (SPEC §8): the new role, or
 * the removal, and by whom. What people do to themselves (leaving, changing their own role) tells nobody.
 */
export function tellMember(
  db: D1Database,
  change: { resource: Pick<Resource, 'kind' | 'id' | 'name'>; userId: string; actorName: string; at: number },
  next: Role | null,
): D1PreparedStatement {
  const { resource, actorName } = change;
  return notifyPerson(db, change.userId, {
    kind: next ? 'member.role_changed' : 'member.removed',
    resourceId: resource.id,
    subjectId: null,
    messages: next
      ? roleChangedMessage({ resource, role: next, actorName })
      : memberRemovedMessage({ resource, actorName }),
    at: change.at,
  });
}

/**
 * Round trip 2: the change, what it ends, its audit events and the person's notification, all or nothing
 * (rule 8). The last-admin triggers decide rule 3 inside the batch, so no interleaving of requests can pass
 * a check that a read made earlier. Every change of a resource appends to its chain, so a concurrent change
 * makes the audit insert abort the whole batch and `withChainRetry` reads again: round trip 1 is never acted
 * on when stale. Answers the ids of the notifications written.
 */
async function commit(
  db: D1Database,
  caller: Caller,
  authority: Action | null,
  head: AuditHead | null,
  event: AuditEventInput,
  changes: readonly D1PreparedStatement[],
  ends: readonly LooseEndRow[],
  tell: D1PreparedStatement | null,
): Promise<string[]> {
  const ending = endLooseEnds(db, ends, { userId: event.targetUserId as string, caller, at: event.at });
  const guard = authority ? [stillAdministers(db, event.resourceId, caller.userId, authority)] : [];
  const statements = [...guard, ...changes, ...ending.statements, ...(tell ? [tell] : [])];
  try {
    const written = await commitWithAudit(db, head, [event, ...ending.events], statements);
    return tell ? notificationIds(written.at(-1)) : [];
  } catch (error) {
    return translateAbort(error, { LAST_ADMIN: 'LAST_ADMIN' });
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
    const read = await readChange(db, caller, ref, role, now);
    const { authority, rows, direct, viaGroups, ends, head } = read;
    let notifications: string[] = [];
    if (direct.role !== role) {
      notifications = await commit(
        db,
        caller,
        authority,
        head,
        {
          resourceId: ref.resourceId,
          action: 'member.role_changed',
          actorId: caller.userId,
          targetUserId: ref.userId,
          before: { role: direct.role },
          after: { role },
          requestId: caller.requestId,
          at: now,
        },
        [updateMemberRole(db, ref.resourceId, ref.userId, role)],
        deadEnds(ref.userId, ends, [...viaGroups, { role, source: 'direct' }], false),
        // Someone changing their own role knows it already.
        ref.userId === caller.userId
          ? null
          : tellMember(db, { ...read, actorName: read.callerName, userId: ref.userId, at: now }, role),
      );
    }
    const [member] = toMembers(rows.map((row) => (row === direct ? { ...row, role } : row)));
    return { member: member as NonNullable<typeof member>, notifications };
  });
}

/**
 * Removes someone (admin), or the caller themself: leaving. Answers the invites and requests it ended: those
 * the person can no longer issue, or, when offboarding (`endingAll`), everything they left open there, since
 * their group paths are being cut as well; and the ids of the notification telling the person removed.
 * `alongside`: what the caller records of the removal, written in its batch, so it holds exactly when the
 * removal does (a review's outcome). `reviewed`: remove only the membership a review decided on (a
 * PersonRefusal otherwise, NOT_FOUND when re-added since, CONFLICT when its role changed).
 */
export async function removeMember(
  db: D1Database,
  caller: Caller,
  ref: MemberRef,
  now: number,
  options: {
    endingAll?: boolean;
    alongside?: readonly D1PreparedStatement[];
    reviewed?: ReviewedMembership;
  } = {},
): Promise<{ ended: LooseEndRow[]; notifications: string[] }> {
  return withChainRetry(async () => {
    const read = await readChange(db, caller, ref, null, now, options.reviewed);
    const { authority, direct, viaGroups, ends, head } = read;
    const ended = deadEnds(ref.userId, ends, options.endingAll ? [] : viaGroups, true);
    const leaving = ref.userId === caller.userId;
    const notifications = await commit(
      db,
      caller,
      authority,
      head,
      {
        resourceId: ref.resourceId,
        action: leaving ? 'member.left' : 'member.removed',
        actorId: caller.userId,
        targetUserId: ref.userId,
        before: { role: direct.role },
        after: null,
        requestId: caller.requestId,
        at: now,
      },
      [deleteMember(db, ref.resourceId, ref.userId), ...(options.alongside ?? [])],
      ended,
      leaving
        ? null
        : tellMember(db, { ...read, actorName: read.callerName, userId: ref.userId, at: now }, null),
    );
    return { ended, notifications };
  });
}
