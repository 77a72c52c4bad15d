import { type AuditEventInput, type AuditHead, selectAuditHead, withChainRetry } from '../audit/chain';
import { commitWithAudit } from '../audit/commit';
import { accessFromRoles, can } from '../authz/can';
import { stillAdministers } from '../authz/guard';
import { changeGroupAccount } from '../groups/service';
import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { AppError, type ErrorCode, sqlAbortCode } from '../lib/errors';
import { endLooseEnds, type LooseEndRow, selectLooseEnds } from '../members/ends';
import { deleteMember } from '../members/repo';
import { removeMember, tellMember } from '../members/service';
import { notificationIds } from '../notifications/outbox';
import { authorize, resourceAccess } from '../resources/access';
import { type AccessRow, selectAccess } from '../resources/repo';
import type { Kind } from '../resources/schema';
import {
  type DirectGrantRow,
  type GroupPathRow,
  type OpenEndRow,
  selectDirectGrants,
  selectGroupPaths,
  selectOpenEnds,
  selectUserName,
} from './repo';

interface Refusal {
  code: ErrorCode;
  message: string;
}

const SOVEREIGN: Refusal = {
  code: 'FORBIDDEN',
  message: 'Only a direct admin of the account can remove one of its direct admins.',
};
const LAST_ADMIN: Refusal = {
  code: 'LAST_ADMIN',
  message: 'They are its last admin: add another admin first.',
};
const CANNOT_CUT: Refusal = {
  code: 'FORBIDDEN',
  message:
    'Only a direct admin of the account or an admin of the group can take the account out of the group.',
};

interface Removal {
  resource: { kind: Kind; id: string; name: string };
  grant: DirectGrantRow | null;
  ends: LooseEndRow[];
  head: AuditHead | null;
  refusal: Refusal | null;
}

interface Cut {
  group: { id: string; name: string };
  account: { id: string; name: string };
  refusal: Refusal | null;
}

const head = (row: { head_seq: number | null; head_hash: string | null }): AuditHead | null =>
  row.head_seq === null || row.head_hash === null ? null : { seq: row.head_seq, hash: row.head_hash };

/** Round trip 1: everything offboarding acts on, for the plan and for the writes. */
async function readOffboarding(db: D1Database, caller: Caller, userId: string, now: number) {
  const [nameResult, grantsResult, endsResult, pathsResult, callerResult] = await db.batch([
    selectUserName(db, userId),
    selectDirectGrants(db, caller.userId, userId),
    selectOpenEnds(db, caller.userId, userId, now),
    selectGroupPaths(db, caller.userId, userId),
    selectUserName(db, caller.userId),
  ]);
  return {
    displayName: rowsOf<{ display_name: string }>(nameResult)[0]?.display_name ?? null,
    callerName: rowsOf<{ display_name: string }>(callerResult)[0]?.display_name ?? '',
    grants: rowsOf<DirectGrantRow>(grantsResult),
    ends: rowsOf<OpenEndRow>(endsResult),
    paths: rowsOf<GroupPathRow>(pathsResult),
  };
}

type Read = Awaited<ReturnType<typeof readOffboarding>>;

/** What a removal ended, and the ids of the notification telling the person removed. */
interface Removed {
  ended: LooseEndRow[];
  notifications: string[];
}

/**
 * What offboarding does, decided before any write (rule 11): a direct admin of an account is removed only by
 * another direct admin; the last admin stays (the trigger decides it again at write time); whatever the
 * person leaves open there ends with them.
 */
function planRemovals(caller: Caller, read: Read): Removal[] {
  const removals = new Map<string, Removal>();
  for (const grant of read.grants) {
    const access = accessFromRoles(caller.userId, grant.caller_direct_role, grant.caller_group_role);
    const action = grant.role === 'admin' ? 'members.manage_admins' : 'members.manage';
    const refusal = !can(access, action)
      ? SOVEREIGN
      : grant.role === 'admin' && grant.admin_count <= 1
        ? LAST_ADMIN
        : null;
    removals.set(grant.resource_id, {
      resource: { kind: grant.kind, id: grant.resource_id, name: grant.name },
      grant,
      ends: [],
      head: head(grant),
      refusal,
    });
  }
  for (const end of read.ends) {
    const removal = removals.get(end.resource_id) ?? {
      resource: { kind: end.kind_of_resource, id: end.resource_id, name: end.name },
      grant: null,
      ends: [],
      head: head(end),
      refusal: null,
    };
    // Someone who stays (refused) keeps what they left open; everyone else's ends with them.
    if (!removal.refusal) removal.ends.push(end);
    removals.set(end.resource_id, removal);
  }
  return [...removals.values()];
}

/**
 * The group links that still give the person access once they are out of every group the caller removes
 * them from (rule 11): each is cut by its account's direct admin or the group's admin, or reported.
 */
function planCuts(caller: Caller, paths: readonly GroupPathRow[], leftGroups: ReadonlySet<string>): Cut[] {
  return paths
    .filter((path) => !leftGroups.has(path.group_id))
    .map((path) => {
      const mayCut =
        can(accessFromRoles(caller.userId, path.caller_group_role, null), 'group.accounts.remove') ||
        can(accessFromRoles(caller.userId, path.caller_account_role, null), 'account.groups.cut');
      return {
        group: { id: path.group_id, name: path.group_name },
        account: { id: path.account_id, name: path.account_name },
        refusal: mayCut ? null : CANNOT_CUT,
      };
    });
}

const removedGroups = (removals: readonly Removal[]) =>
  new Set(
    removals.filter((r) => r.grant && !r.refusal && r.resource.kind === 'group').map((r) => r.resource.id),
  );

const count = (ends: readonly LooseEndRow[], kind: LooseEndRow['kind']) =>
  ends.filter((end) => end.kind === kind).length;

/** GET /api/access/{userId}/offboarding: exactly what DELETE would do, said before the tap. */
export async function offboardingPlan(db: D1Database, caller: Caller, userId: string, now: number) {
  const read = await readOffboarding(db, caller, userId, now);
  const removals = planRemovals(caller, read);
  const concerned = read.grants.length + read.ends.length + read.paths.length > 0;
  return {
    userId,
    // Rule 9: the name of someone the caller has nothing to do with is not theirs to learn.
    displayName: concerned ? read.displayName : null,
    removals: removals.map((removal) => ({
      resource: removal.resource,
      role: removal.grant?.role ?? null,
      revokedInvites: count(removal.ends, 'invite'),
      withdrawnRequests: count(removal.ends, 'request'),
      refusal: removal.refusal,
    })),
    cuts: planCuts(caller, read.paths, removedGroups(removals)),
  };
}

/** Ends what someone left open on a resource where they hold nothing directly, read afresh. */
async function endOpenEnds(
  db: D1Database,
  caller: Caller,
  userId: string,
  removal: Removal,
  now: number,
): Promise<Removed> {
  return withChainRetry(async () => {
    const [accessResult, endsResult, headResult] = await db.batch([
      selectAccess(db, removal.resource.kind, removal.resource.id, caller.userId),
      selectLooseEnds(db, removal.resource.id, userId, now),
      selectAuditHead(db, removal.resource.id),
    ]);
    authorize(resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId).access, 'members.manage');
    const ends = rowsOf<LooseEndRow>(endsResult);
    const ending = endLooseEnds(db, ends, { userId, caller, at: now });
    await commitWithAudit(db, rowsOf<AuditHead>(headResult)[0] ?? null, ending.events, [
      stillAdministers(db, removal.resource.id, caller.userId, 'members.manage'),
      ...ending.statements,
    ]);
    return { ended: ends, notifications: [] };
  });
}

/**
 * One resource: the removal, what it ends and the person's notification, one batch written from round trip
 * 1's read. When the resource's history moved meanwhile, it is done again the ordinary way, which reads
 * afresh. Answers what was ended; someone else (another admin offboarding the same person) may have ended
 * it first.
 */
async function remove(
  db: D1Database,
  caller: Caller,
  read: Pick<Read, 'callerName'> & { userId: string },
  removal: Removal,
  now: number,
): Promise<Removed> {
  const { userId } = read;
  const ending = endLooseEnds(db, removal.ends, { userId, caller, at: now });
  const events: AuditEventInput[] = [...ending.events];
  const authority = removal.grant?.role === 'admin' ? 'members.manage_admins' : 'members.manage';
  const statements = [
    stillAdministers(db, removal.resource.id, caller.userId, authority),
    ...ending.statements,
  ];
  if (removal.grant) {
    events.unshift({
      resourceId: removal.resource.id,
      action: userId === caller.userId ? 'member.left' : 'member.removed',
      actorId: caller.userId,
      targetUserId: userId,
      before: { role: removal.grant.role },
      after: null,
      requestId: caller.requestId,
      at: now,
    });
    statements.splice(1, 0, deleteMember(db, removal.resource.id, userId));
  }
  // Offboarding oneself is leaving, which tells nobody.
  const tell =
    removal.grant && userId !== caller.userId
      ? tellMember(db, { resource: removal.resource, userId, actorName: read.callerName, at: now }, null)
      : null;
  if (tell) statements.push(tell);
  try {
    const written = await commitWithAudit(db, removal.head, events, statements);
    return { ended: removal.ends, notifications: tell ? notificationIds(written.at(-1)) : [] };
  } catch (error) {
    if (sqlAbortCode(error, ['LAST_ADMIN'])) throw new AppError('LAST_ADMIN', LAST_ADMIN.message);
    if (!sqlAbortCode(error, ['AUDIT_CHAIN_CONFLICT', 'AUTHORITY_CHANGED'])) throw error;
  }
  if (!removal.grant) return endOpenEnds(db, caller, userId, removal, now);
  const ref = { kind: removal.resource.kind, resourceId: removal.resource.id, userId };
  return removeMember(db, caller, ref, now, { endingAll: true }).catch((error: unknown) => {
    // Removed meanwhile by someone else, who may have left open what a removal alone leaves (invites still
    // live through a group): end those here.
    if (error instanceof AppError && error.code === 'NOT_FOUND')
      return endOpenEnds(db, caller, userId, removal, now);
    throw error;
  });
}

function refused(error: unknown): Refusal {
  if (!(error instanceof AppError)) throw error;
  return { code: error.code, message: error.message };
}

/**
 * Offboarding (DELETE /api/access/{userId}): removes the person from every resource the caller administers,
 * ends their open invites and join requests there, then cuts the group links that still let them in (rule
 * 11), and reports each outcome. One read for all, one batch per resource, one read of the paths left,
 * then each cut the ordinary way. `notifications` are the ids written to tell the person of each removal.
 */
export async function offboard(db: D1Database, caller: Caller, userId: string, now: number) {
  const read = await readOffboarding(db, caller, userId, now);
  const removals = planRemovals(caller, read);
  const notifications: string[] = [];
  const results = await Promise.all(
    removals.map(async (removal) => {
      let refusal = removal.refusal;
      let ended: LooseEndRow[] = [];
      if (!refusal) {
        refusal = await remove(db, caller, { userId, callerName: read.callerName }, removal, now).then(
          (done) => {
            ended = done.ended;
            notifications.push(...done.notifications);
            return null;
          },
          refused,
        );
      }
      return {
        resource: removal.resource,
        role: removal.grant?.role ?? null,
        outcome: refusal
          ? ('refused' as const)
          : removal.grant
            ? ('removed' as const)
            : ('withdrawn' as const),
        code: refusal?.code ?? null,
        message: refusal?.message ?? null,
        revokedInvites: count(ended, 'invite'),
        withdrawnRequests: count(ended, 'request'),
      };
    }),
  );
  const left = new Set(
    results.filter((r) => r.outcome === 'removed' && r.resource.kind === 'group').map((r) => r.resource.id),
  );
  // The paths are read again once the removals are written: until then the person could still put an
  // account she directly administers into a group of hers, and a cut planned from round trip 1 would miss
  // it. After her removal from the account, any such link either committed before this read, or appends
  // to the account's chain after our removal and so is read again and refused.
  const paths =
    read.grants.length === 0
      ? read.paths
      : await selectGroupPaths(db, caller.userId, userId)
          .all<GroupPathRow>()
          .then((r) => r.results);
  const cuts = await Promise.all(
    planCuts(caller, paths, left).map(async (cut) => {
      let refusal = cut.refusal;
      if (!refusal) {
        const link = { groupId: cut.group.id, accountId: cut.account.id };
        refusal = await changeGroupAccount(db, caller, link, 'remove', now).then(
          () => null,
          (error: unknown) => {
            const why = refused(error);
            // Someone else took the account out meanwhile: the path is gone all the same.
            return why.code === 'NOT_FOUND' ? null : why;
          },
        );
      }
      return {
        group: cut.group,
        account: cut.account,
        outcome: refusal ? ('refused' as const) : ('cut' as const),
        code: refusal?.code ?? null,
        message: refusal?.message ?? null,
      };
    }),
  );
  return { userId, results, cuts, notifications };
}
