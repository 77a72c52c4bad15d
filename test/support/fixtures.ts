import { env } from 'cloudflare:test';
import type { Role } from '../../worker/authz/roles';
import { insertGroupAccount } from '../../worker/groups/repo';
import { insertMembership } from '../../worker/resources/repo';
import { call, createAccount, json, type Session, signIn } from './api';

/**
 * Gives a signed-in user a role directly in storage. Test fixtures only: the product adds members
 * through invites, which are tested on their own.
 */
export async function grantRole(
  resourceId: string,
  userId: string,
  role: Role,
  addedBy: string | null = null,
) {
  await insertMembership(env.DB, { resourceId, userId, role, addedBy, at: Date.now() }).run();
}

export async function createGroup(session: Session, name = 'テストグループ'): Promise<string> {
  const response = await call('POST', '/api/groups', { token: session.token, body: { name } });
  if (response.status !== 201) throw new Error(`group create failed: ${response.status}`);
  return (await json<{ group: { id: string } }>(response)).group.id;
}

export async function addAccountToGroup(groupId: string, accountId: string, addedBy: string) {
  await insertGroupAccount(env.DB, { groupId, accountId, addedBy, at: Date.now() }).run();
}

/** One account with a person in every role, a group containing it, and people from outside. */
export async function accountWithEveryRole() {
  const admin = await signIn('admin');
  const operator = await signIn('operator');
  const noBroadcast = await signIn('nobroadcast');
  const noStats = await signIn('nostats');
  const groupAdmin = await signIn('groupadmin');
  const groupOperator = await signIn('groupoperator');
  const otherAdmin = await signIn('otheradmin');
  const outsider = await signIn('outsider');
  const accountId = await createAccount(admin, '渋谷店', '@shibuya');
  await grantRole(accountId, operator.userId, 'operator', admin.userId);
  await grantRole(accountId, noBroadcast.userId, 'operator_no_broadcast', admin.userId);
  await grantRole(accountId, noStats.userId, 'operator_no_stats', admin.userId);
  const groupId = await createGroup(groupAdmin, '首都圏');
  await grantRole(groupId, groupOperator.userId, 'operator', groupAdmin.userId);
  await addAccountToGroup(groupId, accountId, groupAdmin.userId);
  const otherAccountId = await createAccount(otherAdmin, '別の店');
  return {
    admin,
    operator,
    noBroadcast,
    noStats,
    groupAdmin,
    groupOperator,
    otherAdmin,
    outsider,
    accountId,
    groupId,
    otherAccountId,
  };
}

/** An account administered by `count` signed-in people: the first registered it, the others were granted admin. */
export async function accountWithAdmins(count: number) {
  const first = await signIn('admin');
  const accountId = await createAccount(first, '共同管理の店');
  const admins = [first];
  for (let i = 1; i < count; i++) {
    const admin = await signIn('admin');
    await grantRole(accountId, admin.userId, 'admin', first.userId);
    admins.push(admin);
  }
  return { accountId, admins };
}

/** The actions of a resource's audit chain, oldest first. */
export async function auditActions(resourceId: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    'SELECT action FROM audit_events WHERE resource_id = ?1 ORDER BY seq',
  )
    .bind(resourceId)
    .all<{ action: string }>();
  return results.map((row) => row.action);
}
