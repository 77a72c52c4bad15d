import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createAccount, errorCode, json, type Session, signIn } from '../support/api';
import { addAccountToGroup, createGroup, grantRole } from '../support/fixtures';

function addToGroup(session: Session, groupId: string, accountId: string) {
  return call('POST', `/api/groups/${groupId}/accounts`, { token: session.token, body: { accountId } });
}

function takeOut(session: Session, groupId: string, accountId: string) {
  return call('DELETE', `/api/groups/${groupId}/accounts/${accountId}`, { token: session.token });
}

async function accessOn(session: Session, accountId: string) {
  const response = await call('GET', `/api/accounts/${accountId}`, { token: session.token });
  return response.status === 200 ? json<{ role: string; source: string; grants: unknown[] }>(response) : null;
}

async function actions(resourceId: string) {
  const { results } = await env.DB.prepare(
    'SELECT action FROM audit_events WHERE resource_id = ?1 ORDER BY seq',
  )
    .bind(resourceId)
    .all<{ action: string }>();
  return results.map((row) => row.action);
}

describe('groups of accounts', () => {
  it('gives a group role on every account in the group for as long as it stays there', async () => {
    const owner = await signIn('owner');
    const staff = await signIn('staff');
    const shibuya = await createAccount(owner, '渋谷店');
    const shinjuku = await createAccount(owner, '新宿店');
    const groupId = await createGroup(owner, '首都圏');
    await grantRole(groupId, staff.userId, 'operator_no_broadcast', owner.userId);
    expect(await accessOn(staff, shibuya)).toBeNull();

    expect((await addToGroup(owner, groupId, shibuya)).status).toBe(204);
    expect((await addToGroup(owner, groupId, shinjuku)).status).toBe(204);
    expect(await accessOn(staff, shibuya)).toMatchObject({ role: 'operator_no_broadcast', source: 'group' });
    const listed = await json<{ accounts: Array<{ id: string; adminCount: number }> }>(
      await call('GET', `/api/groups/${groupId}/accounts`, { token: staff.token }),
    );
    expect(listed.accounts.map((a) => a.id).sort()).toEqual([shibuya, shinjuku].sort());
    expect(listed.accounts.every((a) => a.adminCount === 1)).toBe(true);

    // Union with a direct role.
    await grantRole(shibuya, staff.userId, 'operator_no_stats', owner.userId);
    expect(await accessOn(staff, shibuya)).toMatchObject({ role: 'operator', source: 'direct' });

    expect((await takeOut(owner, groupId, shinjuku)).status).toBe(204);
    expect(await accessOn(staff, shinjuku)).toBeNull();
    expect(await actions(groupId)).toEqual([
      'resource.created',
      'group.account_added',
      'group.account_added',
      'group.account_removed',
    ]);
    expect(await actions(shinjuku)).toEqual([
      'resource.created',
      'group.account_added',
      'group.account_removed',
    ]);
  });

  it('ends access through the group when the person leaves the group', async () => {
    const owner = await signIn('owner');
    const staff = await signIn('staff');
    const accountId = await createAccount(owner);
    const groupId = await createGroup(owner);
    await addToGroup(owner, groupId, accountId);
    await grantRole(groupId, staff.userId, 'operator', owner.userId);
    expect(await accessOn(staff, accountId)).not.toBeNull();
    expect(
      (await call('DELETE', `/api/groups/${groupId}/members/${staff.userId}`, { token: staff.token })).status,
    ).toBe(204);
    expect(await accessOn(staff, accountId)).toBeNull();
  });

  it('lets a group admin who is a direct admin of the account add it, and refuses anyone else', async () => {
    const owner = await signIn('owner');
    const other = await signIn('other');
    const accountId = await createAccount(owner);
    const groupId = await createGroup(owner);
    const othersAccount = await createAccount(other);
    const othersGroup = await createGroup(other);

    // An account the caller cannot see at all: 404, rule 9.
    expect((await addToGroup(owner, groupId, othersAccount)).status).toBe(404);
    // An account where the caller is only an operator: 403.
    await grantRole(othersAccount, owner.userId, 'operator', other.userId);
    expect((await addToGroup(owner, groupId, othersAccount)).status).toBe(403);
    // A group where the caller is only an operator: 403.
    await grantRole(othersGroup, owner.userId, 'operator', other.userId);
    expect((await addToGroup(owner, othersGroup, accountId)).status).toBe(403);
    // A group id where an account id belongs, and the other way round.
    expect((await addToGroup(owner, groupId, groupId)).status).toBe(404);
    expect((await addToGroup(owner, accountId, accountId)).status).toBe(404);

    expect((await addToGroup(owner, groupId, accountId)).status).toBe(204);
    const twice = await addToGroup(owner, groupId, accountId);
    expect(twice.status).toBe(409);
    expect(await errorCode(twice)).toBe('ALREADY_IN_GROUP');
    expect((await takeOut(owner, groupId, accountId)).status).toBe(204);
    expect((await takeOut(owner, groupId, accountId)).status).toBe(404);
    expect(await actions(groupId)).toEqual([
      'resource.created',
      'group.account_added',
      'group.account_removed',
    ]);
  });

  it('refuses adding an account to a group to someone who is its admin only through a group (rule 11)', async () => {
    const owner = await signIn('owner');
    const coAdmin = await signIn('coadmin');
    const accountId = await createAccount(owner);
    const ownersGroup = await createGroup(owner, '本部');
    await grantRole(ownersGroup, coAdmin.userId, 'admin', owner.userId);
    expect((await addToGroup(owner, ownersGroup, accountId)).status).toBe(204);
    // coAdmin administers the account through 本部 only; her own group is a back door she may not open.
    const privateGroup = await createGroup(coAdmin, '私のグループ');
    const response = await addToGroup(coAdmin, privateGroup, accountId);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('FORBIDDEN');
    expect(await actions(privateGroup)).toEqual(['resource.created']);
    expect(await actions(accountId)).toEqual(['resource.created', 'group.account_added']);
  });

  it('lets any admin of the group, or any direct admin of the account, take it out (SPEC §2)', async () => {
    const owner = await signIn('owner');
    const groupOwner = await signIn('groupowner');
    const operator = await signIn('operator');
    const groupOperator = await signIn('groupoperator');
    const outsider = await signIn('outsider');
    const accountId = await createAccount(owner);
    await grantRole(accountId, operator.userId, 'operator', owner.userId);
    const groupId = await createGroup(groupOwner);
    // SPEC §2: a group admin takes any account out of the group, even one where they are only an operator.
    await grantRole(accountId, groupOwner.userId, 'operator', owner.userId);
    await addAccountToGroup(groupId, accountId, owner.userId);
    expect((await takeOut(groupOwner, groupId, accountId)).status).toBe(204);
    // SPEC §2: a direct admin of the account cuts a group's path in, though not in the group.
    await addAccountToGroup(groupId, accountId, owner.userId);
    // An operator of the group sees it but has no say: 403. An operator of the account does not see the
    // group, and an outsider sees neither side: 404 (rule 9).
    await grantRole(groupId, groupOperator.userId, 'operator', groupOwner.userId);
    const refused = await takeOut(groupOperator, groupId, accountId);
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe('FORBIDDEN');
    expect((await takeOut(operator, groupId, accountId)).status).toBe(404);
    expect((await takeOut(outsider, groupId, accountId)).status).toBe(404);
    expect((await takeOut(owner, groupId, accountId)).status).toBe(204);
    expect(await actions(accountId)).toEqual([
      'resource.created',
      'group.account_removed',
      'group.account_removed',
    ]);
  });

  it('lists every group holding an account to its admins, each with whether the caller may take it out', async () => {
    const owner = await signIn('owner');
    const groupAdmin = await signIn('groupadmin');
    const operator = await signIn('operator');
    const stranger = await signIn('stranger');
    const accountId = await createAccount(owner);
    await grantRole(accountId, operator.userId, 'operator', owner.userId);
    const hers = await createGroup(groupAdmin, 'A 彼女のグループ');
    await addAccountToGroup(hers, accountId, owner.userId);
    const theirs = await createGroup(stranger, 'B 知らないグループ');
    await grantRole(theirs, operator.userId, 'operator', stranger.userId);
    await addAccountToGroup(theirs, accountId, owner.userId);

    const groupsOf = async (session: Session) => {
      const response = await call('GET', `/api/accounts/${accountId}/groups`, { token: session.token });
      expect(response.status).toBe(200);
      return (
        await json<{ groups: Array<{ id: string; people: number; canRemove: boolean }> }>(response)
      ).groups.map((group) => [group.id, group.people, group.canRemove]);
    };
    // SPEC §2: a direct admin may cut every path into the account, including groups they are not in.
    expect(await groupsOf(owner)).toEqual([
      [hers, 1, true],
      [theirs, 2, true],
    ]);
    // An admin only through her group sees every path too, but may take the account out of hers only.
    expect(await groupsOf(groupAdmin)).toEqual([
      [hers, 1, true],
      [theirs, 2, false],
    ]);
    // So does the stranger, admin of the account through B: the group admin may take it out of B.
    expect(await groupsOf(stranger)).toEqual([
      [hers, 1, false],
      [theirs, 2, true],
    ]);
    const refused = await call('GET', `/api/accounts/${accountId}/groups`, { token: operator.token });
    expect(refused.status).toBe(403);
    const outsider = await signIn('outsider');
    const hidden = await call('GET', `/api/accounts/${accountId}/groups`, { token: outsider.token });
    expect(hidden.status).toBe(404);
  });
});
