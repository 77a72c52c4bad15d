import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createAccount, errorCode, json, type Session, signIn } from '../support/api';
import { createGroup, grantRole } from '../support/fixtures';

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

  it('lets only someone who administers both the group and the account change the group', async () => {
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
    expect((await takeOut(owner, groupId, othersAccount)).status).toBe(403);
    expect((await takeOut(owner, groupId, accountId)).status).toBe(204);
    expect((await takeOut(owner, groupId, accountId)).status).toBe(404);
    expect(await actions(groupId)).toEqual([
      'resource.created',
      'group.account_added',
      'group.account_removed',
    ]);
  });
});
