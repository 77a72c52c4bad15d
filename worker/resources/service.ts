import { type AuditHead, selectAuditHead, withChainRetry } from '../audit/chain';
import { commitWithAudit } from '../audit/commit';
import { can } from '../authz/can';
import { stillAdministers } from '../authz/guard';
import { capabilitiesOf, effectiveRole } from '../authz/roles';
import { type ChannelRow, selectChannel, toChannel } from '../channels/repo';
import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { newId } from '../lib/ids';
import { type ReviewStateRow, selectReviewState, setCadence, toReviewState } from '../reviews/repo';
import { accessView, authorize, type ResourceAccess, resourceAccess } from './access';
import {
  type AccessRow,
  type GrantRow,
  insertMembership,
  insertResource,
  MEMBER_LIMIT,
  type Member,
  type MemberRow,
  type Resource,
  selectAccess,
  selectGrants,
  selectMembers,
  toGrant,
  toMembers,
  updateResource,
} from './repo';
import type { Kind } from './schema';
import { type SeatsRow, selectSeats } from './seats';

/** The review state for the resource's admins (who run reviews); null for anyone else. */
function reviewStateFor(found: ResourceAccess, result: D1Result | undefined) {
  return can(found.access, 'members.read_all') ? toReviewState(rowsOf<ReviewStateRow>(result)[0]) : null;
}

/** Registers an account or creates a group; the caller becomes its first admin, in one batch with the audit. */
export async function createResource(
  db: D1Database,
  caller: Caller,
  kind: Kind,
  input: { name: string; basicId?: string | undefined },
  now: number,
): Promise<Resource> {
  const resource: Resource = {
    id: newId(),
    kind,
    name: input.name,
    basicId: input.basicId ?? null,
    requireApproval: false,
    createdAt: new Date(now).toISOString(),
  };
  await commitWithAudit(
    db,
    null,
    {
      resourceId: resource.id,
      action: 'resource.created',
      actorId: caller.userId,
      targetUserId: caller.userId,
      before: null,
      after: { kind, name: resource.name, basicId: resource.basicId, admin: caller.userId },
      requestId: caller.requestId,
      at: now,
    },
    [
      insertResource(db, { ...resource, createdBy: caller.userId, at: now }),
      insertMembership(db, {
        resourceId: resource.id,
        userId: caller.userId,
        role: 'admin',
        addedBy: null,
        at: now,
      }),
    ],
  );
  return resource;
}

/** The resource as its page shows it; an account also carries its Messaging API channel (SPEC §9). */
export async function getResource(db: D1Database, caller: Caller, kind: Kind, resourceId: string) {
  const [accessResult, reviewResult, channelResult] = await db.batch([
    selectAccess(db, kind, resourceId, caller.userId),
    selectReviewState(db, resourceId),
    ...(kind === 'account' ? [selectChannel(db, resourceId)] : []),
  ]);
  const found = resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId);
  return {
    resource: found.resource,
    ...accessView(found),
    review: reviewStateFor(found, reviewResult),
    ...(channelResult ? { channel: toChannel(rowsOf<ChannelRow>(channelResult)[0]) } : {}),
  };
}

export async function updateResourceSettings(
  db: D1Database,
  caller: Caller,
  kind: Kind,
  resourceId: string,
  patch: {
    name?: string | undefined;
    requireApproval?: boolean | undefined;
    reviewEveryDays?: number | undefined;
  },
  now: number,
) {
  return withChainRetry(async () => {
    const [accessResult, headResult, reviewResult] = await db.batch([
      selectAccess(db, kind, resourceId, caller.userId),
      selectAuditHead(db, resourceId),
      selectReviewState(db, resourceId),
    ]);
    const found = resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId);
    authorize(found.access, 'resource.update');
    const everyDays = rowsOf<ReviewStateRow>(reviewResult)[0]?.review_every_days ?? null;
    const before = {
      name: found.resource.name,
      requireApproval: found.resource.requireApproval,
      ...(patch.reviewEveryDays === undefined ? {} : { reviewEveryDays: everyDays }),
    };
    const after = {
      name: patch.name ?? before.name,
      requireApproval: patch.requireApproval ?? before.requireApproval,
      ...(patch.reviewEveryDays === undefined ? {} : { reviewEveryDays: patch.reviewEveryDays }),
    };
    const cadence =
      patch.reviewEveryDays === undefined ? [] : [setCadence(db, resourceId, patch.reviewEveryDays)];
    const results = await commitWithAudit(
      db,
      rowsOf<AuditHead>(headResult)[0] ?? null,
      {
        resourceId,
        action: 'resource.updated',
        actorId: caller.userId,
        targetUserId: null,
        before,
        after,
        requestId: caller.requestId,
        at: now,
      },
      [
        stillAdministers(db, resourceId, caller.userId, 'resource.update'),
        updateResource(db, resourceId, patch),
        ...cadence,
        selectReviewState(db, resourceId),
      ],
    );
    const { name, requireApproval } = after;
    return {
      resource: { ...found.resource, name, requireApproval },
      ...accessView(found),
      review: reviewStateFor(found, results.at(-1)),
    };
  });
}

/** Admins first, then by seniority: the people to contact come first on a phone screen. */
function byAdminThenSince(a: Member, b: Member): number {
  return Number(b.role === 'admin') - Number(a.role === 'admin') || a.since.localeCompare(b.since);
}

/**
 * One entry per person with their combined role and every grant (SPEC §6). Admins see everyone; anyone else
 * sees themself and the admins to contact (SPEC §3, last row).
 */
export async function listMembers(
  db: D1Database,
  caller: Caller,
  kind: Kind,
  resourceId: string,
  now: number,
) {
  const [accessResult, membersResult, seatsResult] = await db.batch([
    selectAccess(db, kind, resourceId, caller.userId),
    selectMembers(db, resourceId),
    selectSeats(db, resourceId, now),
  ]);
  const found = resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId);
  const seesEveryone = can(found.access, 'members.read_all');
  const members = toMembers(rowsOf<MemberRow>(membersResult))
    .filter((member) => seesEveryone || member.role === 'admin' || member.userId === caller.userId)
    .sort(byAdminThenSince);
  return {
    members,
    adminCount: found.adminCount,
    seats: rowsOf<SeatsRow>(seatsResult)[0]?.seats ?? 0,
    limit: MEMBER_LIMIT,
  };
}

/** Effective capabilities of a person on a resource: admins may ask about anyone, others about themself. */
export async function permissionsOf(
  db: D1Database,
  caller: Caller,
  kind: Kind,
  resourceId: string,
  targetUserId: string,
) {
  const [accessResult, grantsResult] = await db.batch([
    selectAccess(db, kind, resourceId, caller.userId),
    selectGrants(db, resourceId, targetUserId),
  ]);
  const found = resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId);
  if (targetUserId !== caller.userId) {
    authorize(found.access, 'permissions.read_others');
  }
  const grants = rowsOf<GrantRow>(grantsResult).map(toGrant);
  return { userId: targetUserId, role: effectiveRole(grants), grants, capabilities: capabilitiesOf(grants) };
}
