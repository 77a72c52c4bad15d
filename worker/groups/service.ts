import { type AuditHead, selectAuditHead, withChainRetry } from '../audit/chain';
import { commitOnChains } from '../audit/commit';
import { accessFromRoles, can } from '../authz/can';
import { stillAdministers } from '../authz/guard';
import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { AppError, translateAbort } from '../lib/errors';
import { authorize, resourceAccess } from '../resources/access';
import { type AccessRow, selectAccess } from '../resources/repo';
import { assertSeats } from '../resources/seats';
import {
  type AccountGroupRow,
  deleteGroupAccount,
  type GroupAccountRow,
  insertGroupAccount,
  selectAccountGroups,
  selectGroupAccount,
  selectGroupAccounts,
  selectLinkNames,
  selectSeatsWithGroup,
} from './repo';

/** Anyone in the group sees which accounts it holds: their role reaches every one of them. */
export async function listGroupAccounts(db: D1Database, caller: Caller, groupId: string) {
  const [accessResult, accountsResult] = await db.batch([
    selectAccess(db, 'group', groupId, caller.userId),
    selectGroupAccounts(db, groupId),
  ]);
  resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId);
  return {
    accounts: rowsOf<GroupAccountRow>(accountsResult).map((row) => ({
      id: row.id,
      name: row.name,
      basicId: row.basic_id,
      adminCount: row.admin_count,
      addedAt: new Date(row.added_at).toISOString(),
    })),
  };
}

/**
 * Every group that holds the account, for its admins, including groups they are not in: a group is a path
 * into the account, and its direct admins can cut every one (SPEC §2).
 */
export async function listAccountGroups(db: D1Database, caller: Caller, accountId: string) {
  const [accessResult, groupsResult] = await db.batch([
    selectAccess(db, 'account', accountId, caller.userId),
    selectAccountGroups(db, accountId, caller.userId),
  ]);
  const account = resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId);
  authorize(account.access, 'members.read_all');
  const cutsAny = can(account.access, 'account.groups.cut');
  return {
    groups: rowsOf<AccountGroupRow>(groupsResult).map((row) => ({
      id: row.id,
      name: row.name,
      people: row.people,
      addedAt: new Date(row.added_at).toISOString(),
      canRemove: cutsAny || can(accessFromRoles(caller.userId, row.caller_role), 'group.accounts.remove'),
    })),
  };
}

type Link = { groupId: string; accountId: string };

/** Round trip 1 of a change of a group's contents: both sides' access, the link, both chain heads. */
async function readLink(db: D1Database, caller: Caller, link: Link, now: number) {
  const [groupResult, accountResult, linked, groupHead, accountHead, seats, names] = await db.batch([
    selectAccess(db, 'group', link.groupId, caller.userId),
    selectAccess(db, 'account', link.accountId, caller.userId),
    selectGroupAccount(db, link.groupId, link.accountId),
    selectAuditHead(db, link.groupId),
    selectAuditHead(db, link.accountId),
    selectSeatsWithGroup(db, link.accountId, link.groupId, now),
    selectLinkNames(db, link.groupId, link.accountId),
  ]);
  const found = (rows: AccessRow[]) => (rows.length > 0 ? resourceAccess(rows, caller.userId) : null);
  return {
    group: found(rowsOf<AccessRow>(groupResult)),
    account: found(rowsOf<AccessRow>(accountResult)),
    isLinked: rowsOf(linked).length > 0,
    heads: {
      group: rowsOf<AuditHead>(groupHead)[0] ?? null,
      account: rowsOf<AuditHead>(accountHead)[0] ?? null,
    },
    seats: rowsOf<{ seats: number; after: number }>(seats)[0] ?? { seats: 0, after: 0 },
    // Both names for both histories, even when the caller cannot see the group.
    names: rowsOf<{ group: string | null; account: string | null }>(names)[0] ?? {
      group: null,
      account: null,
    },
  };
}

/**
 * Puts an account in a group or takes it out; both histories record it, in the same batch. Adding takes an
 * admin of the group who is a direct admin of the account (rule 11) and a free seat for every member of the
 * group who does not reach the account yet (rule 12). Taking out takes an admin of the group or a direct
 * admin of the account, who may not even see the group: every path into their account is theirs to cut.
 */
export async function changeGroupAccount(
  db: D1Database,
  caller: Caller,
  link: Link,
  change: 'add' | 'remove',
  now: number,
) {
  await withChainRetry(async () => {
    // Any concurrent change to either side appends to its chain first, which makes this batch abort on
    // the stale head and read again, so what was read here is never acted on when stale.
    const { group, account, isLinked, heads, seats, names } = await readLink(db, caller, link, now);
    if (change === 'add') {
      if (!group || !account) throw new AppError('NOT_FOUND');
      authorize(group.access, 'group.accounts.add');
      authorize(account.access, 'account.groups.add');
      if (isLinked) throw new AppError('ALREADY_IN_GROUP');
      assertSeats(seats.seats, seats.after - seats.seats);
    } else {
      const allowed =
        (group !== null && can(group.access, 'group.accounts.remove')) ||
        (account !== null && can(account.access, 'account.groups.cut'));
      if (!allowed) {
        // Whoever sees neither side, or only sees the group's path as someone without a say, learns nothing.
        if (!group && !(account && can(account.access, 'members.read_all'))) throw new AppError('NOT_FOUND');
        throw new AppError('FORBIDDEN');
      }
      if (!isLinked) throw new AppError('NOT_FOUND', 'The account is not in this group.');
    }
    const event = {
      action: change === 'add' ? ('group.account_added' as const) : ('group.account_removed' as const),
      actorId: caller.userId,
      targetUserId: null,
      before: change === 'add' ? null : names,
      after: change === 'add' ? names : null,
      requestId: caller.requestId,
      at: now,
    };
    // Adding is checked in SQL as well (rule 11: a direct admin of the account, and an admin of the group);
    // taking out may be done from either side, and both chains already order it with any role change.
    const write =
      change === 'add'
        ? [
            stillAdministers(db, link.groupId, caller.userId, 'group.accounts.add'),
            stillAdministers(db, link.accountId, caller.userId, 'account.groups.add'),
            insertGroupAccount(db, { ...link, addedBy: caller.userId, at: now }),
          ]
        : [deleteGroupAccount(db, link.groupId, link.accountId)];
    await commitOnChains(
      db,
      [
        { head: heads.group, events: [{ ...event, resourceId: link.groupId }] },
        { head: heads.account, events: [{ ...event, resourceId: link.accountId }] },
      ],
      write,
    ).catch((error: unknown) =>
      // Two people adding the same account at once: the loser hits the link's primary key.
      translateAbort(error, { MEMBER_LIMIT: 'MEMBER_LIMIT', 'group_accounts.group_id': 'ALREADY_IN_GROUP' }),
    );
  });
}
