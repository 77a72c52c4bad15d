import { beforeAll, describe, expect, it } from 'vitest';
import { call, createAccount, json, type Session, signIn } from '../support/api';
import {
  accountWithAdmins,
  accountWithEveryRole,
  addAccountToGroup,
  createGroup,
  grantRole,
} from '../support/fixtures';
import { changeRole, remove } from '../support/members';
import { adminCount, auditEvents, directRole } from '../support/storage';

type Fixture = Awaited<ReturnType<typeof accountWithEveryRole>>;
let f: Fixture;
beforeAll(async () => {
  f = await accountWithEveryRole();
});

async function errorCode(response: Response): Promise<string> {
  return (await json<{ error: { code: string } }>(response)).error.code;
}

/** A fresh account with an admin and an operator, so a test can change it without touching the others. */
async function smallTeam() {
  const admin = await signIn('admin');
  const operator = await signIn('operator');
  const accountId = await createAccount(admin, '小さな店');
  await grantRole(accountId, operator.userId, 'operator', admin.userId);
  return { admin, operator, accountId };
}

describe('PATCH /api/{kind}/{id}/members/{userId}', () => {
  it('lets an admin change a role, with the audit event (before and after) written alongside', async () => {
    const { admin, operator, accountId } = await smallTeam();
    const response = await changeRole(admin, 'accounts', accountId, operator.userId, 'operator_no_stats');
    expect(response.status).toBe(200);
    const { member } = await json<{ member: Record<string, unknown> }>(response);
    // SPEC §6: the member is one entry per person, with the effective role and every grant behind it.
    expect(member).toMatchObject({
      userId: operator.userId,
      role: 'operator_no_stats',
      grants: [{ role: 'operator_no_stats', source: 'direct' }],
      addedBy: { userId: admin.userId },
    });
    expect(member).not.toHaveProperty('source');
    expect(await directRole(accountId, operator.userId)).toBe('operator_no_stats');
    const events = await auditEvents(accountId);
    expect(events.at(-1)).toMatchObject({
      seq: 2,
      action: 'member.role_changed',
      actorId: admin.userId,
      targetUserId: operator.userId,
      before: { role: 'operator' },
      after: { role: 'operator_no_stats' },
      requestId: response.headers.get('X-Request-Id'),
    });
  });

  it('answers the changed member in the shape of the list: the combined role and every grant', async () => {
    const { admin, operator, accountId } = await smallTeam();
    const groupId = await createGroup(admin, '系列');
    await grantRole(groupId, operator.userId, 'operator_no_broadcast', admin.userId);
    await addAccountToGroup(groupId, accountId, admin.userId);
    const response = await changeRole(admin, 'accounts', accountId, operator.userId, 'operator_no_stats');
    expect(response.status).toBe(200);
    const { member } = await json<{ member: Record<string, unknown> }>(response);
    // SPEC §2: the union of no-stats (direct) and no-broadcast (group) is a full operator.
    expect(member).toMatchObject({
      userId: operator.userId,
      role: 'operator',
      grants: [
        { role: 'operator_no_stats', source: 'direct' },
        { role: 'operator_no_broadcast', source: 'group', group: { id: groupId, name: '系列' } },
      ],
    });
  });

  it('answers 200 to the same role again, without writing or auditing anything', async () => {
    const { admin, operator, accountId } = await smallTeam();
    const response = await changeRole(admin, 'accounts', accountId, operator.userId, 'operator');
    expect(response.status).toBe(200);
    expect((await json<{ member: { role: string } }>(response)).member.role).toBe('operator');
    expect((await auditEvents(accountId)).map((event) => event.action)).toEqual(['resource.created']);
  });

  it('lets an admin promote someone, and then demote themself while another admin remains', async () => {
    const { admin, operator, accountId } = await smallTeam();
    expect((await changeRole(admin, 'accounts', accountId, operator.userId, 'admin')).status).toBe(200);
    expect((await changeRole(admin, 'accounts', accountId, admin.userId, 'operator')).status).toBe(200);
    expect(await directRole(accountId, admin.userId)).toBe('operator');
    expect(await adminCount(accountId)).toBe(1);
  });

  it('lets the admin of a group change roles on an account of the group, but not make a direct admin', async () => {
    const { operator, accountId } = await smallTeam();
    const groupAdmin = await signIn('groupadmin');
    const groupId = await createGroup(groupAdmin);
    await addAccountToGroup(groupId, accountId, groupAdmin.userId);
    const response = await changeRole(
      groupAdmin,
      'accounts',
      accountId,
      operator.userId,
      'operator_no_stats',
    );
    expect(response.status).toBe(200);
    expect(await directRole(accountId, operator.userId)).toBe('operator_no_stats');
    // Rule 11: an admin only through a group cannot make anyone a direct admin of the account.
    const promote = await changeRole(groupAdmin, 'accounts', accountId, operator.userId, 'admin');
    expect(promote.status).toBe(403);
    expect(await errorCode(promote)).toBe('FORBIDDEN');
    expect(await directRole(accountId, operator.userId)).toBe('operator_no_stats');
  });

  it('changes roles on a group the same way', async () => {
    const groupAdmin = await signIn('groupadmin');
    const member = await signIn('groupmember');
    const groupId = await createGroup(groupAdmin);
    await grantRole(groupId, member.userId, 'operator', groupAdmin.userId);
    const response = await changeRole(groupAdmin, 'groups', groupId, member.userId, 'operator_no_broadcast');
    expect(response.status).toBe(200);
    expect((await auditEvents(groupId)).at(-1)).toMatchObject({
      action: 'member.role_changed',
      after: { role: 'operator_no_broadcast' },
    });
  });

  it('refuses a non-admin with 403, also for their own role, and writes nothing', async () => {
    const { operator, admin, accountId } = await smallTeam();
    for (const [target, role] of [
      [admin.userId, 'operator'],
      [operator.userId, 'admin'],
    ] as const) {
      const response = await changeRole(operator, 'accounts', accountId, target, role);
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe('FORBIDDEN');
    }
    expect(await directRole(accountId, operator.userId)).toBe('operator');
    expect(await auditEvents(accountId)).toHaveLength(1);
  });

  it('refuses a non-admin with 403 even for someone who is not a member: membership is not revealed', async () => {
    const response = await changeRole(f.operator, 'accounts', f.accountId, f.outsider.userId, 'operator');
    expect(response.status).toBe(403);
  });

  it('answers 404 to a caller without access (rule 9), whoever the target is', async () => {
    for (const session of [f.outsider, f.otherAdmin]) {
      const response = await changeRole(session, 'accounts', f.accountId, f.operator.userId, 'admin');
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe('NOT_FOUND');
    }
    const wrongKind = await changeRole(f.admin, 'groups', f.accountId, f.operator.userId, 'admin');
    expect(wrongKind.status).toBe(404);
  });

  it('answers 404 for a target who is not a direct member: a grant through a group is changed on the group', async () => {
    for (const target of [f.groupOperator.userId, f.groupAdmin.userId, f.outsider.userId, 'U-nobody']) {
      const response = await changeRole(f.admin, 'accounts', f.accountId, target, 'operator');
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe('NOT_FOUND');
    }
    expect(await directRole(f.groupId, f.groupOperator.userId)).toBe('operator');
  });

  it('refuses demoting the last admin with 409 LAST_ADMIN, and writes nothing', async () => {
    const { admin, accountId } = await smallTeam();
    const response = await changeRole(admin, 'accounts', accountId, admin.userId, 'operator');
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe('LAST_ADMIN');
    expect(await directRole(accountId, admin.userId)).toBe('admin');
    expect(await auditEvents(accountId)).toHaveLength(1);
  });

  it('counts only direct admins: the only direct admin cannot step down to an admin role through a group', async () => {
    const { admin, accountId } = await smallTeam();
    const groupId = await createGroup(admin);
    await addAccountToGroup(groupId, accountId, admin.userId);
    const response = await changeRole(admin, 'accounts', accountId, admin.userId, 'operator');
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe('LAST_ADMIN');
    expect(await directRole(accountId, admin.userId)).toBe('admin');
  });

  it('refuses an admin only through a group demoting a direct admin with 403 (rule 11), and writes nothing', async () => {
    const { accountId, admins } = await accountWithAdmins(2);
    const [first] = admins as [Session, Session];
    const groupAdmin = await signIn('groupadmin');
    const groupId = await createGroup(groupAdmin);
    await addAccountToGroup(groupId, accountId, groupAdmin.userId);
    // Rule 11: the account's direct admins are sovereign, even when another direct admin would remain.
    const response = await changeRole(groupAdmin, 'accounts', accountId, first.userId, 'operator');
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('FORBIDDEN');
    expect(await adminCount(accountId)).toBe(2);
    expect((await auditEvents(accountId)).map((event) => event.action)).toEqual(['resource.created']);
  });

  it.each([
    [{}, 'role missing'],
    [{ role: 'owner' }, 'unknown role'],
    [{ role: 42 }, 'role not a string'],
  ] as Array<[unknown, string]>)('refuses %j (%s) with 400 INVALID_INPUT', async (body) => {
    const response = await call('PATCH', `/api/accounts/${f.accountId}/members/${f.operator.userId}`, {
      token: f.admin.token,
      body,
    });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('INVALID_INPUT');
  });

  it('refuses a malformed path or body with a 4xx JSON error, never a 500', async () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['PATCH', `/api/accounts/not-a-uuid/members/${f.operator.userId}`, '{"role":"operator"}'],
      ['PATCH', `/api/accounts/${f.accountId}/members/${'U'.repeat(65)}`, '{"role":"operator"}'],
      ['PATCH', `/api/accounts/${f.accountId}/members/${f.operator.userId}`, '{"role":'],
      ['PATCH', `/api/accounts/${f.accountId}/members/${f.operator.userId}`, 'null'],
      ['DELETE', `/api/accounts/not-a-uuid/members/${f.operator.userId}`, undefined],
      ['DELETE', `/api/accounts/${f.accountId}/members/${'U'.repeat(65)}`, undefined],
    ];
    for (const [method, path, rawBody] of cases) {
      const response = await call(method, path, {
        token: f.admin.token,
        ...(rawBody === undefined ? {} : { rawBody }),
      });
      expect(response.status, `${method} ${path}`).toBe(400);
      expect(await errorCode(response)).toBe('INVALID_INPUT');
    }
  });
});

describe('DELETE /api/{kind}/{id}/members/{userId}', () => {
  it('lets an admin remove a member: 204, audited as member.removed', async () => {
    const { admin, operator, accountId } = await smallTeam();
    const response = await remove(admin, 'accounts', accountId, operator.userId);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(await directRole(accountId, operator.userId)).toBeNull();
    expect((await auditEvents(accountId)).at(-1)).toMatchObject({
      action: 'member.removed',
      actorId: admin.userId,
      targetUserId: operator.userId,
      before: { role: 'operator' },
      after: null,
    });
  });

  it('lets anyone leave: 204, audited as member.left, and then the account is gone for them', async () => {
    const { operator, accountId } = await smallTeam();
    const response = await remove(operator, 'accounts', accountId, operator.userId);
    expect(response.status).toBe(204);
    expect((await auditEvents(accountId)).at(-1)).toMatchObject({
      action: 'member.left',
      actorId: operator.userId,
      targetUserId: operator.userId,
      before: { role: 'operator' },
    });
    expect((await call('GET', `/api/accounts/${accountId}`, { token: operator.token })).status).toBe(404);
    expect((await remove(operator, 'accounts', accountId, operator.userId)).status).toBe(404);
  });

  it('lets an admin leave while another admin remains', async () => {
    const { accountId, admins } = await accountWithAdmins(2);
    const [first, second] = admins as [Session, Session];
    expect((await remove(first, 'accounts', accountId, first.userId)).status).toBe(204);
    expect(await adminCount(accountId)).toBe(1);
    expect(await directRole(accountId, second.userId)).toBe('admin');
  });

  it('refuses an admin only through a group removing a direct admin with 403 (rule 11), but not an operator', async () => {
    const { accountId, admins } = await accountWithAdmins(2);
    const [first] = admins as [Session, Session];
    const operator = await signIn('operator');
    await grantRole(accountId, operator.userId, 'operator', first.userId);
    const groupAdmin = await signIn('groupadmin');
    const groupId = await createGroup(groupAdmin);
    await addAccountToGroup(groupId, accountId, groupAdmin.userId);
    const response = await remove(groupAdmin, 'accounts', accountId, first.userId);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('FORBIDDEN');
    expect(await directRole(accountId, first.userId)).toBe('admin');
    expect((await remove(groupAdmin, 'accounts', accountId, operator.userId)).status).toBe(204);
    expect((await auditEvents(accountId)).map((event) => event.action)).toEqual([
      'resource.created',
      'member.removed',
    ]);
  });

  it('refuses a non-admin removing someone else with 403, and writes nothing', async () => {
    const { admin, operator, accountId } = await smallTeam();
    const response = await remove(operator, 'accounts', accountId, admin.userId);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('FORBIDDEN');
    expect(await directRole(accountId, admin.userId)).toBe('admin');
    expect(await auditEvents(accountId)).toHaveLength(1);
  });

  it('answers 404 to a caller without access, and for a target who is not a direct member', async () => {
    expect((await remove(f.outsider, 'accounts', f.accountId, f.operator.userId)).status).toBe(404);
    expect((await remove(f.outsider, 'accounts', f.accountId, f.outsider.userId)).status).toBe(404);
    expect((await remove(f.admin, 'accounts', f.accountId, f.groupOperator.userId)).status).toBe(404);
    // A member through a group leaves the group, not each account of it.
    expect((await remove(f.groupOperator, 'accounts', f.accountId, f.groupOperator.userId)).status).toBe(404);
    expect(await directRole(f.groupId, f.groupOperator.userId)).toBe('operator');
  });

  it('refuses the last admin leaving, and anyone removing the last admin, with 409 LAST_ADMIN', async () => {
    const { admin, accountId } = await smallTeam();
    const groupAdmin = await signIn('groupadmin');
    const groupId = await createGroup(groupAdmin);
    await addAccountToGroup(groupId, accountId, groupAdmin.userId);
    for (const [caller, kind, id, target] of [
      [admin, 'accounts', accountId, admin.userId],
      [groupAdmin, 'groups', groupId, groupAdmin.userId],
    ] as const) {
      const response = await remove(caller, kind, id, target);
      expect(response.status).toBe(409);
      expect(await errorCode(response)).toBe('LAST_ADMIN');
    }
    // Rule 11: an admin only through a group may not remove a direct admin at all, last or not.
    const viaGroup = await remove(groupAdmin, 'accounts', accountId, admin.userId);
    expect(viaGroup.status).toBe(403);
    expect(await errorCode(viaGroup)).toBe('FORBIDDEN');
    expect(await directRole(accountId, admin.userId)).toBe('admin');
    expect(await directRole(groupId, groupAdmin.userId)).toBe('admin');
    expect(await auditEvents(accountId)).toHaveLength(1);
    expect(await auditEvents(groupId)).toHaveLength(1);
  });
});
