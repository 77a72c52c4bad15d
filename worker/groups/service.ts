import { type AuditHead, insertAuditEvent, sealEvent, selectAuditHead, withChainRetry } from '../audit/chain';
import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { AppError } from '../lib/errors';
import { authorize, resourceAccess } from '../resources/access';
import { type AccessRow, selectAccess } from '../resources/repo';
import {
  deleteGroupAccount,
  type GroupAccountRow,
  insertGroupAccount,
  selectGroupAccount,
  selectGroupAccounts,
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
 * Adds an account to a group or takes it out: the caller must administer both, since the change gives
 * or takes every group member's role on the account. Both histories record it, in the same batch.
 */
export async function changeGroupAccount(
  db: D1Database,
  caller: Caller,
  link: { groupId: string; accountId: string },
  change: 'add' | 'remove',
  now: number,
) {
  await withChainRetry(async () => {
    const [groupAccess, accountAccess, linked, groupHead, accountHead] = await db.batch([
      selectAccess(db, 'group', link.groupId, caller.userId),
      selectAccess(db, 'account', link.accountId, caller.userId),
      selectGroupAccount(db, link.groupId, link.accountId),
      selectAuditHead(db, link.groupId),
      selectAuditHead(db, link.accountId),
    ]);
    const group = resourceAccess(rowsOf<AccessRow>(groupAccess), caller.userId);
    authorize(group.access, 'group_accounts.manage');
    const account = resourceAccess(rowsOf<AccessRow>(accountAccess), caller.userId);
    authorize(account.access, 'group_accounts.manage');
    // Read before writing; any concurrent change to the group appends to its chain first, which makes
    // this batch abort on the stale head and read again, so the answer is never acted on when stale.
    const isLinked = rowsOf(linked).length > 0;
    if (change === 'add' && isLinked) {
      throw new AppError('ALREADY_IN_GROUP');
    }
    if (change === 'remove' && !isLinked) {
      throw new AppError('NOT_FOUND', 'The account is not in this group.');
    }
    const event = {
      action: change === 'add' ? ('group.account_added' as const) : ('group.account_removed' as const),
      actorId: caller.userId,
      targetUserId: null,
      before: change === 'add' ? null : { group: group.resource.name, account: account.resource.name },
      after: change === 'add' ? { group: group.resource.name, account: account.resource.name } : null,
      requestId: caller.requestId,
      at: now,
    };
    const onGroup = await sealEvent(rowsOf<AuditHead>(groupHead)[0] ?? null, {
      ...event,
      resourceId: link.groupId,
    });
    const onAccount = await sealEvent(rowsOf<AuditHead>(accountHead)[0] ?? null, {
      ...event,
      resourceId: link.accountId,
    });
    const write =
      change === 'add'
        ? insertGroupAccount(db, { ...link, addedBy: caller.userId, at: now })
        : deleteGroupAccount(db, link.groupId, link.accountId);
    await db.batch([write, insertAuditEvent(db, onGroup), insertAuditEvent(db, onAccount)]);
  });
}
